import { MemoryStore } from '../../engine/store/memory.js';
import { storeContract } from './contract.js';

storeContract('memory', () => new MemoryStore());
