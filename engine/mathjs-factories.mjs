// The mathjs modules engine/mathjs-adapter.ts builds its parser from, by path: the package entry
// ("mathjs") is ~1,500 modules, and Node loads all of them (≈ 1 s, ≈ 40 MB) where the parser needs ~60;
// bundlers do no better when the entry is reached through a dynamic import() (esbuild then keeps every
// export). The package's "exports" map names no subpath, so these are relative paths into its install.
// Besides `create` and `factory`, every export is a factory the adapter hands to `create`.
export { create } from '../node_modules/mathjs/lib/esm/core/create.js';
export { factory } from '../node_modules/mathjs/lib/esm/utils/factory.js';
export { createParse } from '../node_modules/mathjs/lib/esm/expression/parse.js';
export { createTyped } from '../node_modules/mathjs/lib/esm/core/function/typed.js';
export { createBigNumberClass } from '../node_modules/mathjs/lib/esm/type/bignumber/BigNumber.js';
export { createResultSet } from '../node_modules/mathjs/lib/esm/type/resultset/ResultSet.js';
export { createNode } from '../node_modules/mathjs/lib/esm/expression/node/Node.js';
export { createAccessorNode } from '../node_modules/mathjs/lib/esm/expression/node/AccessorNode.js';
export { createArrayNode } from '../node_modules/mathjs/lib/esm/expression/node/ArrayNode.js';
export { createAssignmentNode } from '../node_modules/mathjs/lib/esm/expression/node/AssignmentNode.js';
export { createBlockNode } from '../node_modules/mathjs/lib/esm/expression/node/BlockNode.js';
export { createConditionalNode } from '../node_modules/mathjs/lib/esm/expression/node/ConditionalNode.js';
export { createConstantNode } from '../node_modules/mathjs/lib/esm/expression/node/ConstantNode.js';
export { createFunctionAssignmentNode } from '../node_modules/mathjs/lib/esm/expression/node/FunctionAssignmentNode.js';
export { createFunctionNode } from '../node_modules/mathjs/lib/esm/expression/node/FunctionNode.js';
export { createIndexNode } from '../node_modules/mathjs/lib/esm/expression/node/IndexNode.js';
export { createObjectNode } from '../node_modules/mathjs/lib/esm/expression/node/ObjectNode.js';
export { createOperatorNode } from '../node_modules/mathjs/lib/esm/expression/node/OperatorNode.js';
export { createParenthesisNode } from '../node_modules/mathjs/lib/esm/expression/node/ParenthesisNode.js';
export { createRangeNode } from '../node_modules/mathjs/lib/esm/expression/node/RangeNode.js';
export { createRelationalNode } from '../node_modules/mathjs/lib/esm/expression/node/RelationalNode.js';
export { createSymbolNode } from '../node_modules/mathjs/lib/esm/expression/node/SymbolNode.js';
