// Valid GB 11643 ID numbers for tests (checksum computed independently of the code under test).
export function validIdNumber(region: string, birth: string, seq: number): string {
  const body = `${region}${birth}${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, ch, i) => s + Number(ch) * w[i], 0);
  return body + '10X98765432'[sum % 11];
}
