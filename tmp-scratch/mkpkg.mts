import fs from 'node:fs';
import { buildPackage, sampleData } from '/work/wt-anki/tests/helpers/anki-fixtures';
const data = sampleData();
fs.writeFileSync('/tmp/anki-srv/script.apkg', await buildPackage(data, 'legacy2'));
data.notes[0]!.fields[0] = 'What is an eigenvector of \\(A\\)?';
data.notes[0]!.fields[1] = 'A vector \\(v \\neq 0\\) with \\[Av = \\lambda v\\]<img src="eigen.png">';
data.notes[3]!.fields[1] = '<a href="https://example.org">more</a>';
fs.writeFileSync('/tmp/anki-srv/clean.apkg', await buildPackage(data, 'latest'));
