import { Expression } from './engine';
const x = Expression.parse('x', ['x', 'y']); const y = Expression.parse('y', ['x','y']);
const e = Expression.add(Expression.mul(2, Expression.pow(x, 2)), Expression.mul(-3, x, y), Expression.mul(-1, y), -5, Expression.mul(-1/2, x));
console.log(e.toString(), '|', e.toTex(), '|', Expression.parse(e.toString(), ['x','y']).equivalent(e));
