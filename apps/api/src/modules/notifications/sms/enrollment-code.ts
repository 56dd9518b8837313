export function enrollmentCode(code: string): string {
  return `【法人Webサービス】認証コード:${code}\n本人認証サービスの携帯電話番号確認用です。有効期限は5分です。このコードを他人に教えないでください。`;
}
