import { readAnkiText } from '/work/wt-anki/lib/anki';
import { planImport } from '/work/wt-anki/lib/anki';
const text = ['#separator:tab', '#html:false', '#deck:Vocabulary', '#tags column:3', 'eigenvalue\t特征值\tlinear-algebra zh', 'kernel\t核 $k(x,y)$\tml', ''].join('\n');
const c = readAnkiText(Buffer.from(text), { filename: 'vocab.txt' });
console.log(JSON.stringify(planImport(c, { history: false }).decks[0]?.cards.map((x) => x.kind === 'basic' ? [x.front, x.back] : x.kind)));
