/**
 * Japanese (default) messages, part 1: the site frame and the top page — the only messages in the first
 * download. Every other page's messages are in ja-pages.ts, loaded on the first navigation away from the top.
 * en.ts / en-pages.ts have the same shapes (TypeScript checks them).
 * Syntax: plain text and `{name}` placeholders only (see precompile.ts); a literal @ is written {'@'}.
 */
export default {
  app: {
    name: '法人Webサービス',
    tagline: '法人カード会員さま専用',
  },
  header: {
    skip: '本文へ移動',
    nav: 'メインメニュー',
    home: 'トップ',
    flow: '申込みのながれ',
    login: 'ログイン',
    signup: '新規ご登録',
    dashboard: 'マイページ',
    enrollment: '本人認証サービス登録・変更',
    enrollmentShort: '登録・変更',
    settings: '設定',
    logout: 'ログアウト',
    language: '表示言語',
    loggedInAs: '{company} さま',
  },
  languages: {
    ja: '日本語',
    en: 'English',
  },
  footer: {
    maintenance: 'システムメンテナンスのため、毎日 {start}〜{end} はサービスを休止しています。',
    secure: 'ID・パスワードを入力する画面は、暗号化通信(TLS)で保護されています。',
    links: 'フッターメニュー',
    terms: '法人Webサービス規約',
    copyright: '© 法人Webサービス 事務局',
  },
  top: {
    title: '本人認証サービス(J/Secure)',
    heroTitle: 'ネットショッピングを、より安全に。',
    heroLead:
      '法人カードの本人認証サービス(J/Secure)の登録・変更は、法人Webサービスからいつでもお手続きいただけます。登録・利用料は無料です。',
    heroSignup: '法人Webサービスに新規登録',
    heroLogin: 'ログイン',
    whatTitle: '本人認証サービスとは',
    whatBody1:
      '本人認証サービスは、本人認証サービス加盟店でインターネットショッピングをするときに、カード番号などの取引情報に加えて、あらかじめカード発行会社に登録した本人認証IDとパスワード、またはワンタイムパスワードを入力してご本人であることを確かめるサービスです。',
    whatBody2:
      '本人認証IDとパスワードを第三者が知らない限りカードを不正に利用されるおそれが低く、インターネットでのお買い物の安全性が高まります。',
    jsecureTitle: 'JCBブランドの法人カードは「J/Secure」',
    jsecureBody: '当社が発行するJCBブランドの法人カードは、株式会社ジェーシービーが提供する「J/Secure」をご利用いただけます。「J/Secure」のロゴが対象店舗の目印です。',
    flowTitle: 'お買い物での本人認証のながれ',
    flow1Title: 'カード決済を選ぶ',
    flow1Body: 'ネットショッピングの支払い方法で、カード決済を選びます。',
    flow2Title: '本人認証画面で入力',
    flow2Body: '決済の前に本人認証画面が表示されます。ご登録の本人認証IDと、SMSで届くワンタイムパスワードまたは固定パスワードを入力します。',
    flow3Title: 'お支払い完了',
    flow3Body: '本人認証が完了すると、お支払い手続きが行われます。',
    methodsTitle: '認証方法は2種類',
    otpTitle: 'ワンタイムパスワード(SMS)',
    otpBody:
      'お買い物のたびに、ご登録の携帯電話番号へSMSで一度だけ使えるパスワードをお送りします。パスワードを覚えておく必要がなく、使い回しや漏えいによる不正利用を防げます。SMSの受信料は無料です。',
    passwordTitle: '固定パスワード',
    passwordBody: 'ご自身で設定したパスワードを毎回入力します。生年月日や電話番号、同じ文字の繰り返しなど推測されやすいものは設定できません。',
    corporateTitle: '法人のみなさま',
    corporateLead: '法人カードの本人認証サービスは、法人カード専用の「法人Webサービス」(登録無料)から、カードごとにご登録いただきます。',
    corporateNewTitle: 'はじめてご利用の法人さま',
    corporateNewBody: '法人Webサービスのお申込みから、本人認証サービスの登録までの手順をご案内します。',
    corporateNewCta: '申込みのながれを見る',
    corporateMemberTitle: '法人Webサービスにご登録済みの法人さま',
    corporateMemberBody: 'ログイン後、「本人認証サービス登録・変更」から、カード番号とカードの暗証番号を入力してお手続きください。',
    corporateMemberCta: 'ログインする',
    fraudTitle: '不正検知分析について',
    fraudBody:
      '本人認証の際、取引情報と端末情報をもとに不正利用の可能性を分析します。リスクが低いと判断されたお取引ではパスワードの入力を省略し、不正利用の可能性が高いお取引はお断りすることがあります。外部の不正検知事業者との情報共有は、ログイン後の「設定」から停止できます。',
    noticeTitle: 'ご利用にあたって',
    notice1: '本人認証サービスの対象店舗以外でのお買い物は、通常のカード決済となります。',
    notice2: '本人認証サービスのご利用に、料金はかかりません。',
    notice3: 'JavaScriptとCookieを有効にしてご利用ください。',
    notice4: 'システムメンテナンスのため、毎日 {start}〜{end} はサービスを休止しています。',
    envTitle: '推奨環境',
    env1: 'パソコン:Google Chrome、Microsoft Edge、Mozilla Firefox、Safari(macOS)の最新版',
    env2: 'スマートフォン:iOS の Safari、Android の Google Chrome の最新版',
    env3: 'JavaScript と Cookie を「有効」にしてご利用ください。',
    envNote: '推奨環境でも、ブラウザとOSの組み合わせや、広告をブロックするソフトウェア・セキュリティソフトの設定によっては、本人認証の画面が正しく表示されない場合があります。',
  },
  titles: {
    top: '本人認証サービス',
  },
};
