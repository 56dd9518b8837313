/**
 * Data that the product needs to run: the first terms text (ja) and the heads of the audit hash chains.
 * Audit events are spread over AUDIT_CHAINS independent chains so that appending is not one global lock.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export const AUDIT_CHAINS = 8;
export const GENESIS_HASH = Buffer.alloc(32, 0);

const TERMS_BODY = `第1条(目的)
本規約は、当社が法人会員向けに提供する「法人Webサービス」(以下「本サービス」といいます。)の利用条件を定めるものです。本サービスを利用する法人(以下「利用法人」といいます。)は、本規約に同意のうえ本サービスを利用するものとします。

第2条(本サービスの内容)
本サービスでは、利用法人の管理者が、当社発行の法人カードについて本人認証サービス(J/Secure)の登録・変更・解除、登録状況の照会その他当社が定める手続きを行うことができます。

第3条(申込みと承認)
1. 本サービスの利用を希望する法人は、当社所定の方法により申し込むものとします。
2. 当社は所定の審査を行い、承認した場合は登録完了メールによりログインIDを通知します。審査の結果によってはお申込みをお受けできない場合があり、その理由を開示しないことがあります。

第4条(ログインID・パスワードの管理)
1. 利用法人は、ログインID、パスワード、本人認証ID、固定パスワードおよびカードの暗証番号を自らの責任で厳重に管理し、第三者に開示・貸与してはなりません。
2. 生年月日、電話番号、同じ文字の羅列など、他人に類推されやすいパスワードは登録できません。
3. 所定の回数以上誤ったパスワードまたは暗証番号が入力された場合、当社は一定時間または当社が解除するまで利用を停止します。

第5条(本人認証サービスの登録)
1. 本人認証サービスの登録はカードごとに行うものとし、ワンタイムパスワード送信用の携帯電話番号または固定パスワードのいずれかを設定するものとします。
2. カードの再発行等によりカード番号が変更された場合、従前の登録は引き継がれません。新しいカードについてあらためて登録してください。
3. 当社がセキュリティ上の理由により仮の携帯電話番号を設定した場合、利用法人はあらためて登録を行うものとします。

第6条(不正検知分析)
当社は、3Dセキュア認証の要求を受けた際、不正利用防止のためオンライン取引情報およびデバイス情報を用いて不正検知分析を行い、その一部を不正検知サービス提供事業者と共有することがあります。利用法人は本サービスの設定画面から情報共有を停止することができます。停止した場合、当社の分析は当社内の規則のみにより行います。

第7条(サービスの休止)
当社は、システムの保守のため毎日午前5時から午前7時まで本サービスを休止します。また、緊急の保守、障害その他やむを得ない事由がある場合、事前の通知なく本サービスを休止することがあります。

第8条(禁止事項)
利用法人は、本サービスの不正な利用、当社または第三者の権利を侵害する行為、本サービスの運営を妨げる行為を行ってはなりません。

第9条(個人情報の取扱い)
当社は、本サービスを通じて取得した情報を、当社の個人情報保護方針に従い適切に取り扱います。

第10条(規約の変更)
当社は、必要に応じて本規約を変更することがあります。変更後の規約は本サービス上に掲載した時点から効力を生じるものとし、変更後に申込みを行う場合はあらためて同意が必要となります。

附則
本規約は2026年4月1日から施行します。`;

export class SeedTermsAndAuditChains1764100000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'INSERT INTO terms_versions (version, title, body, effective_date, created_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(3))',
      ['2026-04', '法人Webサービス利用規約', TERMS_BODY, '2026-04-01'],
    );
    for (let chain = 0; chain < AUDIT_CHAINS; chain += 1) {
      await queryRunner.query('INSERT INTO audit_chain_heads (chain, seq, hash) VALUES (?, 0, ?)', [chain, GENESIS_HASH]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM audit_chain_heads');
    await queryRunner.query("DELETE FROM terms_versions WHERE version = '2026-04'");
  }
}
