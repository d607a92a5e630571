/** In place: each row of `K` log-weights becomes probabilities (shifted by the row maximum first). */
export function softmaxRows(values: Float64Array, K: number): void {
  for (let base = 0; base < values.length; base += K) {
    let max = -Infinity;
    for (let c = 0; c < K; c++) max = Math.max(max, values[base + c]!);
    let sum = 0;
    for (let c = 0; c < K; c++) {
      const e = Math.exp(values[base + c]! - max);
      values[base + c] = e;
      sum += e;
    }
    for (let c = 0; c < K; c++) values[base + c] = values[base + c]! / sum;
  }
}
