const xs = [];
for (let i = 0; i < 2000; i++) { const c = process.cpuUsage(); let s = 0; for (let j = 0; j < 20000; j++) s += Math.sqrt(j); const d = process.cpuUsage(c); xs.push(d.user + d.system); }
xs.sort((a, b) => a - b); console.log('cpu us: min', xs[0], 'median', xs[1000], 'p99', xs[1980], 'max', xs[1999]);
const ws = [];
for (let i = 0; i < 2000; i++) { const t = performance.now(); let s = 0; for (let j = 0; j < 20000; j++) s += Math.sqrt(j); ws.push((performance.now() - t) * 1000); }
ws.sort((a, b) => a - b); console.log('wall us: min', ws[0].toFixed(0), 'median', ws[1000].toFixed(0), 'p99', ws[1980].toFixed(0), 'max', ws[1999].toFixed(0));
