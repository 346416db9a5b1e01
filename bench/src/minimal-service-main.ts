/** Entry of the installer benchmark's baseline service: `node minimal-service.mjs <service name>`. */
import { runMinimalService } from './minimal-service.js';

await runMinimalService(process.argv[2] ?? 'TandemBaseline');
