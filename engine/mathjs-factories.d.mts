// Types of engine/mathjs-factories.mjs: mathjs's `create`, `factory` and the factories of its parser.
import type { FactoryFunction, MathJsFactory } from 'mathjs';

export declare const create: MathJsFactory['create'];
export declare const factory: MathJsFactory['factory'];
export declare const createAccessorNode: FactoryFunction<unknown>;
export declare const createArrayNode: FactoryFunction<unknown>;
export declare const createAssignmentNode: FactoryFunction<unknown>;
export declare const createBigNumberClass: FactoryFunction<unknown>;
export declare const createBlockNode: FactoryFunction<unknown>;
export declare const createConditionalNode: FactoryFunction<unknown>;
export declare const createConstantNode: FactoryFunction<unknown>;
export declare const createFunctionAssignmentNode: FactoryFunction<unknown>;
export declare const createFunctionNode: FactoryFunction<unknown>;
export declare const createIndexNode: FactoryFunction<unknown>;
export declare const createNode: FactoryFunction<unknown>;
export declare const createObjectNode: FactoryFunction<unknown>;
export declare const createOperatorNode: FactoryFunction<unknown>;
export declare const createParenthesisNode: FactoryFunction<unknown>;
export declare const createParse: FactoryFunction<unknown>;
export declare const createRangeNode: FactoryFunction<unknown>;
export declare const createRelationalNode: FactoryFunction<unknown>;
export declare const createResultSet: FactoryFunction<unknown>;
export declare const createSymbolNode: FactoryFunction<unknown>;
export declare const createTyped: FactoryFunction<unknown>;
