// A fresh in-memory IndexedDB for every test file: Dexie code runs against it in Node.
import 'fake-indexeddb/auto'
