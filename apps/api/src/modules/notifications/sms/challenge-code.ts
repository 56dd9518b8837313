export function challengeCode(code: string, merchantName: string, amount: string): string {
  return `【J/Secure】ワンタイムパスワード:${code}\n${merchantName} でのお支払い ${amount} の本人認証用です。有効期限は5分です。`;
}
