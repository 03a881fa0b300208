/** The file a new family starts from: small, complete and passing its own tests. */
const TEXT = `id: my-family
article: harmonic-series
title: {en: Sum of the first n odd numbers, zh: 前 n 个奇数之和}
variables:
  n: {int: [3, 12]}
  total: "sum(2*k - 1, k, 1, n)"
levels:
  easy: {n: {int: [2, 5]}}
prompt:
  en: "What is $1 + 3 + 5 + \\\\cdots + (2n - 1)$ for $n = {{n}}$?"
  zh: "当 $n = {{n}}$ 时，$1 + 3 + 5 + \\\\cdots + (2n - 1)$ 等于多少？"
answer:
  value: {kind: number, expected: total, exact: true}
verify: ["total == n^2"]
steps:
  - en: "The sum of the first $n$ odd numbers is $n^2 = {{n}}^2 = {{total}}$."
    zh: "前 $n$ 个奇数之和是 $n^2 = {{n}}^2 = {{total}}$。"
tests:
  - {answer: total, correct: true}
  - {answer: "total + 1", correct: false}
`;

export const STARTER: Record<'en' | 'zh', string> = { en: TEXT, zh: TEXT };
