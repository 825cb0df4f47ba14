import { z } from 'zod';

// zod probes `new Function` when it builds object schemas; under our CSP the probe fails harmlessly but still
// reports a violation. Turning off its JIT skips the probe. main.tsx imports this module first, so it runs
// before any module that builds schemas (the wire protocol's).
z.config({ jitless: true });
