/**
 * The field sections of the posting form (征集表, seed `004` annex 1; 技术攻关类 demand block of `004 §9(一)`):
 * 基本信息, 成果情况 / 技术与成果要求 and 需求信息, each a group of `Form.Item`s of the form they are rendered in. The
 * test ids are what the browser scenarios fill in.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  ACHIEVEMENT_TYPE_LABELS,
  AchievementType,
  COOPERATION_FORM_LABELS,
  COOPERATION_FORMS,
  FIELD_LABELS,
  Field,
  IP_TYPE_LABELS,
  IpType,
  ListingKind,
  RESULT_TYPE_LABELS,
  ResultType,
} from '@jiebang/contracts';
import { Button, Checkbox, Col, Divider, Form, Input, Radio, Row, Select, Tooltip } from 'antd';
import { LISTING_REGION_OPTIONS } from '../../../shared/lib/pipeline';
import {
  CONTACT_EMAIL,
  CONTACT_PHONE,
  MAX_KEY_TECHNOLOGIES,
  MIN_TITLE,
  WAN,
  type KeyTechValues,
} from './listingFormModel';
import { LISTING_TERM_LABELS as T, offerAmountLabel } from '../../board/lib/listingTerms';
import { investmentLabel, LISTING_FIELD_LABELS as L, outcomeSectionTitle, titleLabel } from '../lib/fieldLabels';

/** Anchor id of a section of the form (the progress steps scroll to it). */
export function sectionAnchor(key: string): string {
  return `listing-form-section-${key}`;
}

/** 基本信息: name, field, region (the kind selector stays with the form, which owns the kind). */
export function BasicFields({ kind }: { kind: ListingKind }) {
  const label = titleLabel(kind);
  return (
    <Row gutter={16}>
      <Col xs={24}>
        <Form.Item
          name="title"
          label={label}
          extra={`${MIN_TITLE}-200字`}
          rules={[
            { required: true, whitespace: true, message: `请填写${label}` },
            { min: MIN_TITLE, max: 200, message: `${label}应为${MIN_TITLE}-200个字` },
          ]}
        >
          <Input
            maxLength={200}
            showCount
            placeholder={
              kind === ListingKind.Challenge ? '如：高丰度稀土永磁材料制备关键技术' : '如：一种稀土抛光粉的制备方法'
            }
            data-testid="listing-form-title"
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={14}>
        <Form.Item name="field" label={L.field} extra="五大领域之一">
          <Radio.Group
            optionType="button"
            options={Object.values(Field).map((f) => ({ value: f, label: FIELD_LABELS[f] }))}
            data-testid="listing-form-field"
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={10}>
        <Form.Item name="regionCode" label={L.regionCode}>
          <Select
            options={LISTING_REGION_OPTIONS}
            placeholder="选择盟市、旗县区，可输入名称搜索"
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="listing-form-region"
          />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** 成果情况 (技术与成果要求 for a challenge): the annex-1 items. */
export function OutcomeFields({ kind }: { kind: ListingKind }) {
  return (
    <>
      <div id={sectionAnchor('outcome')} className="listing-form-anchor" />
      <Divider titlePlacement="start">{outcomeSectionTitle(kind)}</Divider>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="resultType" label={L.resultType}>
            <Radio.Group
              options={Object.values(ResultType).map((t) => ({ value: t, label: RESULT_TYPE_LABELS[t] }))}
              data-testid="listing-form-result-type"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="hasOwnIp" label={L.hasOwnIp}>
            <Radio.Group
              options={[
                { value: true, label: '是' },
                { value: false, label: '否' },
              ]}
              data-testid="listing-form-has-own-ip"
            />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="achievementType" label={L.achievementType}>
            <Radio.Group
              optionType="button"
              options={Object.values(AchievementType).map((t) => ({ value: t, label: ACHIEVEMENT_TYPE_LABELS[t] }))}
              data-testid="listing-form-achievement-type"
            />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="ipTypes" label={L.ipTypes} extra="可多选">
            <Checkbox.Group
              options={Object.values(IpType).map((t) => ({ value: t, label: IP_TYPE_LABELS[t] }))}
              data-testid="listing-form-ip-types"
            />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item
            name="summary"
            label={L.summary}
            extra="不超过3000字"
            rules={[{ max: 3000, message: '拟转化科技成果情况不超过3000字' }]}
          >
            <Input.TextArea
              rows={6}
              maxLength={3000}
              showCount={{ formatter: ({ count, maxLength }) => `${count} / ${maxLength} 字` }}
              placeholder="成果的主要内容、技术指标、成熟度、应用前景等"
              data-testid="listing-form-summary"
            />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item
            name="team"
            label={L.team}
            extra="不超过1000字"
            rules={[{ max: 1000, message: '技术团队情况不超过1000字' }]}
          >
            <Input.TextArea
              rows={4}
              maxLength={1000}
              showCount={{ formatter: ({ count, maxLength }) => `${count} / ${maxLength} 字` }}
              placeholder="负责人、核心成员、研究基础等"
              data-testid="listing-form-team"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="suggestedTimeLimit" label={L.suggestedTimeLimit} extra="不超过100字，如“2年”">
            <Input maxLength={100} placeholder="如：24个月" data-testid="listing-form-time-limit" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="totalInvestmentWan"
            label={investmentLabel(kind)}
            extra="单位：万元，最多6位小数"
            normalize={(v: string | undefined) => (v ?? '').trim()}
            rules={[{ pattern: WAN, message: '以万元填写，非负数，最多6位小数，如 500 或 12.5' }]}
          >
            <Input suffix="万元" inputMode="decimal" placeholder="如 500" data-testid="listing-form-investment" />
          </Form.Item>
        </Col>
        {/* What a 揭榜挂帅 榜单 announces (issue 16 item 16): shown on the board, filtered and sorted there. */}
        <Col xs={24} md={12}>
          <Form.Item
            name="offerAmountWan"
            label={offerAmountLabel(kind)}
            extra={kind === ListingKind.Challenge ? '发榜方拟支付的榜额,单位：万元' : '期望的转让价格,单位：万元'}
            normalize={(v: string | undefined) => (v ?? '').trim()}
            rules={[{ pattern: WAN, message: '以万元填写，非负数，最多6位小数，如 500 或 12.5' }]}
          >
            <Input suffix="万元" inputMode="decimal" placeholder="如 300" data-testid="listing-form-offer" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="applyDeadline" label={T.applyDeadline} extra="北京时间当日 24:00 前可揭榜;不填则不设截止">
            <Input type="date" data-testid="listing-form-deadline" />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="cooperationForms" label={T.cooperationForms}>
            <Checkbox.Group
              data-testid="listing-form-cooperation"
              options={COOPERATION_FORMS.map((f) => ({ value: f, label: COOPERATION_FORM_LABELS[f] }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="contactName" label={T.contactName} extra="登录用户可见">
            <Input maxLength={50} data-testid="listing-form-contact-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="contactPhone"
            label={T.contactPhone}
            rules={[{ pattern: CONTACT_PHONE, message: '只能含数字、空格、+、-、括号,5–30 位' }]}
          >
            <Input maxLength={30} inputMode="tel" data-testid="listing-form-contact-phone" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="contactEmail"
            label={T.contactEmail}
            rules={[{ pattern: CONTACT_EMAIL, message: '邮箱格式不正确' }]}
          >
            <Input maxLength={100} inputMode="email" data-testid="listing-form-contact-email" />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

/** The demand block of a tech challenge. */
export function DemandFields() {
  const count = (max: number) => ({ formatter: ({ count: n }: { count: number }) => `${n} / ${max} 字` });
  return (
    <>
      <div id={sectionAnchor('demand')} className="listing-form-anchor" />
      <Divider titlePlacement="start">{L.demand}(技术攻关类)</Divider>
      <Form.Item name={['demand', 'background']} label={L['demand.background']} extra="不超过2000字">
        <Input.TextArea
          rows={4}
          maxLength={2000}
          showCount={count(2000)}
          placeholder="企业面临的技术问题及产生背景"
          data-testid="demand-background"
        />
      </Form.Item>
      <Form.Item name={['demand', 'content']} label={L['demand.content']} extra="不超过3000字">
        <Input.TextArea
          rows={5}
          maxLength={3000}
          showCount={count(3000)}
          placeholder="需解决的技术难题、拟实现的目标"
          data-testid="demand-content"
        />
      </Form.Item>
      <Form.List name={['demand', 'keyTechnologies']}>
        {(fields, { add, remove }, { errors }) => (
          <Form.Item
            label={L['demand.keyTechnologies']}
            extra={`每项填写关键技术名称和目标指标，最多${MAX_KEY_TECHNOLOGIES}项`}
          >
            {fields.map(({ key, name }) => (
              <Row gutter={8} key={key} align="top" className="key-tech-row" data-testid="key-tech-row">
                <Col xs={24} md={9}>
                  <Form.Item
                    name={[name, 'name']}
                    rules={[
                      ({ getFieldValue }) => ({
                        validator: (_, v: string | undefined) => {
                          const row = getFieldValue(['demand', 'keyTechnologies', name]) as KeyTechValues | undefined;
                          if (!v?.trim() && !row?.targetIndicator?.trim()) return Promise.resolve();
                          return (v?.trim().length ?? 0) >= 2
                            ? Promise.resolve()
                            : Promise.reject(new Error('请填写关键技术名称(2-200字)'));
                        },
                      }),
                    ]}
                  >
                    <Input maxLength={200} placeholder="关键技术名称" data-testid={`key-tech-name-${name}`} />
                  </Form.Item>
                </Col>
                <Col xs={22} md={14}>
                  <Form.Item
                    name={[name, 'targetIndicator']}
                    rules={[
                      ({ getFieldValue }) => ({
                        validator: (_, v: string | undefined) => {
                          const row = getFieldValue(['demand', 'keyTechnologies', name]) as KeyTechValues | undefined;
                          if (!v?.trim() && !row?.name?.trim()) return Promise.resolve();
                          return (v?.trim().length ?? 0) >= 2
                            ? Promise.resolve()
                            : Promise.reject(new Error('请填写该关键技术的目标指标(2-500字)'));
                        },
                      }),
                    ]}
                  >
                    <Input
                      maxLength={500}
                      placeholder="目标指标，如：磁能积 ≥ 52 MGOe"
                      data-testid={`key-tech-target-${name}`}
                    />
                  </Form.Item>
                </Col>
                <Col xs={2} md={1}>
                  <Tooltip title="删除此项">
                    <Button
                      type="text"
                      aria-label="删除关键技术"
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(name)}
                    />
                  </Tooltip>
                </Col>
              </Row>
            ))}
            <Form.ErrorList errors={errors} />
            {fields.length < MAX_KEY_TECHNOLOGIES ? (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="key-tech-add">
                添加关键技术
              </Button>
            ) : null}
          </Form.Item>
        )}
      </Form.List>
      <Form.Item name={['demand', 'resultForm']} label={L['demand.resultForm']} extra="不超过500字">
        <Input.TextArea
          rows={2}
          maxLength={500}
          showCount={count(500)}
          placeholder="如：样机、工艺包、专利、标准、示范线等"
          data-testid="demand-result-form"
        />
      </Form.Item>
      <Form.Item name={['demand', 'takerRequirements']} label={L['demand.takerRequirements']} extra="不超过1000字">
        <Input.TextArea
          rows={3}
          maxLength={1000}
          showCount={count(1000)}
          placeholder="对揭榜单位资质、团队、研究基础的要求"
          data-testid="demand-taker-requirements"
        />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name={['demand', 'ipOwnership']} label={L['demand.ipOwnership']} extra="不超过1000字">
            <Input.TextArea rows={3} maxLength={1000} showCount={count(1000)} data-testid="demand-ip-ownership" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={['demand', 'benefitSharing']} label={L['demand.benefitSharing']} extra="不超过1000字">
            <Input.TextArea rows={3} maxLength={1000} showCount={count(1000)} data-testid="demand-benefit-sharing" />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
