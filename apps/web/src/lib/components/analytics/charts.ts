import {
  cohortLabel,
  type CustomerValue,
  type DaySeries,
  type EngagementRevenue,
  formatDay,
  formatMoney,
  formatNumber,
  formatPercent,
  groupKind,
  type Retention,
  type RetentionBy,
  type Tier,
  type TierRevenue,
} from '$lib/analytics';
import { RFM_SEGMENTS, segmentLabel } from '$lib/crm';
import type { I18n } from '$lib/i18n/index.svelte';
import { inLang, type LocalizedName } from '$lib/profiles';
import type { ChartOption } from './echarts';

/**
 * The dashboard's charts as ECharts options, each with its summary for screen readers and the
 * same numbers as a table. Labels, legends and numbers in the page's language.
 */

export interface ChartTable {
  caption: string;
  columns: string[];
  rows: string[][];
}

export interface ChartSpec {
  option: ChartOption;
  label: string;
  table: ChartTable;
}

/** Colours that read on white and tell series apart (the accent first). */
export const PALETTE = {
  accent: '#9f1d35',
  teal: '#1f6f8b',
  gold: '#b7791f',
  green: '#2f7a45',
  slate: '#5b6577',
  soft: '#f3d6dc',
} as const;

/** Tier colours, the highest tier darkest (the API lists tiers highest first). */
const TIER_COLORS = ['#5c0f1f', '#9f1d35', '#c64a66', '#b58b66', '#c9b8a6'];
const tierColor = (index: number, count: number): string =>
  TIER_COLORS[count <= 1 ? 1 : Math.round((index * (TIER_COLORS.length - 1)) / Math.max(count - 1, 1))];

const INK = '#1f1d1a';
const MUTED = '#5f5a53';
const LINE = '#e3ddd4';

const axisText = { color: MUTED };
/** Axis names above a left or right value axis, kept inside the drawing. */
const leftName = { color: MUTED, align: 'left' as const };
const rightName = { color: MUTED, align: 'right' as const };
const splitLine = { lineStyle: { color: LINE } };
const tooltipBase = { confine: true, textStyle: { color: INK } };

// ——— Daily activity ———

export function activityChart(series: readonly DaySeries[], i18n: I18n): ChartSpec {
  const { t, lang } = i18n;
  const count = (value: number) => formatNumber(value, lang);
  const names = {
    active: t('analytics.activity.activeMembers'),
    threads: t('analytics.activity.threads'),
    replies: t('analytics.activity.replies'),
  };
  const days = series.map((day) => formatDay(day.day, lang));
  const peak = series.reduce<DaySeries | null>((top, day) => (!top || day.activeMembers > top.activeMembers ? day : top), null);
  const mean = series.length ? series.reduce((sum, day) => sum + day.activeMembers, 0) / series.length : 0;
  const total = (key: 'threads' | 'replies') => series.reduce((sum, day) => sum + day[key], 0);
  // Bars come first so the line is drawn over them; the legend still names members first.
  const option: ChartOption = {
    color: [PALETTE.teal, PALETTE.gold, PALETTE.accent],
    grid: { left: 8, right: 8, top: 48, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { color: INK }, data: [names.active, names.threads, names.replies] },
    tooltip: { ...tooltipBase, trigger: 'axis', valueFormatter: (value) => (typeof value === 'number' ? count(value) : '—') },
    xAxis: { type: 'category', data: days, axisLabel: axisText, axisTick: { alignWithLabel: true } },
    yAxis: [
      { type: 'value', name: t('analytics.activity.axisMembers'), nameTextStyle: leftName, axisLabel: { ...axisText, formatter: count }, splitLine, minInterval: 1 },
      { type: 'value', name: t('analytics.activity.axisPosts'), nameTextStyle: rightName, axisLabel: { ...axisText, formatter: count }, splitLine: { show: false }, minInterval: 1 },
    ],
    series: [
      { name: names.threads, type: 'bar', stack: 'posts', yAxisIndex: 1, data: series.map((day) => day.threads), barMaxWidth: 18 },
      { name: names.replies, type: 'bar', stack: 'posts', yAxisIndex: 1, data: series.map((day) => day.replies), barMaxWidth: 18 },
      {
        name: names.active,
        type: 'line',
        yAxisIndex: 0,
        data: series.map((day) => day.activeMembers),
        smooth: false,
        symbolSize: series.length > 45 ? 0 : 5,
        lineStyle: { width: 2.5 },
        z: 3,
      },
    ],
  };
  const label = peak
    ? t('analytics.activity.summary', {
        mean: formatNumber(mean, lang, 1),
        peak: count(peak.activeMembers),
        peakDay: formatDay(peak.day, lang, 'long'),
        threads: count(total('threads')),
        replies: count(total('replies')),
      })
    : t('analytics.empty');
  return {
    option,
    label,
    table: {
      caption: t('analytics.activity.title'),
      columns: [
        t('analytics.table.day'),
        names.active,
        names.threads,
        names.replies,
        t('analytics.activity.reactions'),
        t('analytics.activity.newMembers'),
      ],
      rows: series.map((day) => [
        formatDay(day.day, lang, 'long'),
        count(day.activeMembers),
        count(day.threads),
        count(day.replies),
        count(day.reactions),
        count(day.newMembers),
      ]),
    },
  };
}

// ——— Tier distribution ———

export const tierName = (name: LocalizedName | string, i18n: I18n): string => inLang(name, i18n.lang);

export function tiersChart(tiers: readonly Tier[], i18n: I18n): ChartSpec {
  const { t, lang } = i18n;
  const total = tiers.reduce((sum, tier) => sum + tier.members, 0);
  const share = (members: number) => formatPercent(total ? members / total : 0, lang);
  const names = tiers.map((tier) => tierName(tier.name, i18n));
  // Horizontal bars: tier names stay readable however long; the highest tier on top, as the API lists them.
  const option: ChartOption = {
    grid: { left: 8, right: 88, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      ...tooltipBase,
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (value) => (typeof value === 'number' ? t('analytics.tiers.count', { count: formatNumber(value, lang), share: share(value) }) : '—'),
    },
    xAxis: { type: 'value', axisLabel: { ...axisText, formatter: (value: number) => formatNumber(value, lang) }, splitLine, minInterval: 1 },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { ...axisText, color: INK }, axisTick: { show: false } },
    series: [
      {
        name: t('analytics.tiers.members'),
        type: 'bar',
        barMaxWidth: 28,
        data: tiers.map((tier, index) => ({ value: tier.members, itemStyle: { color: tierColor(index, tiers.length), borderRadius: [0, 4, 4, 0] } })),
        label: {
          show: true,
          position: 'right',
          color: INK,
          formatter: ({ value }) => t('analytics.tiers.count', { count: formatNumber(Number(value), lang), share: share(Number(value)) }),
        },
      },
    ],
  };
  const parts = tiers.map((tier, index) => t('analytics.tiers.part', { tier: names[index], count: formatNumber(tier.members, lang), share: share(tier.members) }));
  return {
    option,
    label: t('analytics.tiers.summary', { total: formatNumber(total, lang), parts: i18n.formatList(parts) }),
    table: {
      caption: t('analytics.tiers.title'),
      columns: [t('analytics.tiers.tier'), t('analytics.tiers.min'), t('analytics.tiers.members'), t('analytics.tiers.share')],
      rows: tiers.map((tier, index) => [names[index], formatNumber(tier.min, lang, 1), formatNumber(tier.members, lang), share(tier.members)]),
    },
  };
}

// ——— Engagement → revenue ———

export function revenueChart(report: EngagementRevenue, i18n: I18n): ChartSpec {
  const { t, lang } = i18n;
  const money = (minor: number | null) => (minor === null ? '—' : formatMoney(minor, report.currency, lang));
  const rate = (value: number | null) => (value === null ? '—' : formatPercent(value, lang));
  const baselineName = t('analytics.revenue.baseline');
  const categories = [baselineName, ...report.tiers.map((tier) => tierName(tier.name, i18n))];
  const small = [report.baseline.smallSample, ...report.tiers.map((tier) => tier.smallSample)];
  const faded = (color: string, index: number) =>
    small[index] ? { color, opacity: 0.4, borderColor: color, borderWidth: 1, borderType: 'dashed' as const } : { color };
  const option: ChartOption = {
    grid: { left: 8, right: 8, top: 48, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { color: INK } },
    color: [PALETTE.accent, PALETTE.teal],
    tooltip: { ...tooltipBase, trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: categories,
      // Long group names wrap rather than run into each other.
      axisLabel: { ...axisText, interval: 0, width: 88, overflow: 'break', formatter: (value: string, index: number) => (small[index] ? `${value}*` : value) },
      axisTick: { alignWithLabel: true },
    },
    yAxis: [
      {
        type: 'value',
        name: t('analytics.revenue.axisRevenue', { currency: report.currency }),
        nameTextStyle: leftName,
        axisLabel: { ...axisText, formatter: (value: number) => formatMoney(value, report.currency, lang, true) },
        splitLine,
      },
      {
        type: 'value',
        name: t('analytics.revenue.axisRate'),
        nameTextStyle: rightName,
        min: 0,
        axisLabel: { ...axisText, formatter: (value: number) => formatPercent(value, lang, 0) },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: t('analytics.revenue.revenuePerMember'),
        type: 'bar',
        yAxisIndex: 0,
        barMaxWidth: 32,
        tooltip: { valueFormatter: (value) => (typeof value === 'number' ? money(value) : '—') },
        data: [report.baseline.revenuePerCustomer, ...report.tiers.map((tier) => tier.revenuePerMember)].map((value, index) => ({
          value: value ?? '-',
          itemStyle: faded(PALETTE.accent, index),
        })),
      },
      {
        name: t('analytics.revenue.purchaseRate'),
        type: 'bar',
        yAxisIndex: 1,
        barMaxWidth: 32,
        tooltip: { valueFormatter: (value) => (typeof value === 'number' ? rate(value) : '—') },
        data: [report.baseline.purchaseRate, ...report.tiers.map((tier) => tier.purchaseRate)].map((value, index) => ({
          value: value ?? '-',
          itemStyle: faded(PALETTE.teal, index),
        })),
      },
    ],
  };
  const best = report.tiers.reduce<TierRevenue | null>((top, tier) => (tier.lift !== null && (!top || (top.lift ?? -Infinity) < tier.lift) ? tier : top), null);
  const label = best
    ? t('analytics.revenue.summary', {
        tier: tierName(best.name, i18n),
        rate: rate(best.purchaseRate),
        baseline: rate(report.baseline.purchaseRate),
        lift: formatLift(best.lift, lang),
      })
    : t('analytics.revenue.summaryNoLift', { baseline: rate(report.baseline.purchaseRate) });
  return {
    option,
    label,
    table: {
      caption: t('analytics.revenue.title'),
      columns: [t('analytics.revenue.group'), t('analytics.revenue.revenuePerMember'), t('analytics.revenue.purchaseRate'), t('analytics.revenue.lift')],
      rows: [
        [baselineName, money(report.baseline.revenuePerCustomer), rate(report.baseline.purchaseRate), '—'],
        ...report.tiers.map((tier) => [tierName(tier.name, i18n), money(tier.revenuePerMember), rate(tier.purchaseRate), formatLift(tier.lift, lang)]),
      ],
    },
  };
}

/** A lift over the baseline ("+35%"); "—" when there is no baseline to compare with. */
export const formatLift = (lift: number | null, lang: I18n['lang']): string =>
  lift === null ? '—' : new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(lift);

// ——— Cohort retention ———

export function retentionChart(retention: Retention, by: RetentionBy, i18n: I18n): ChartSpec {
  const { t, lang } = i18n;
  const cohorts = retention.cohorts;
  const periods = Math.max(retention.periods, ...cohorts.map((cohort) => cohort.rates?.length ?? 0), 0);
  const unit = by === 'week' ? 'week' : 'month';
  const periodNames = Array.from({ length: periods }, (_, k) => t(`analytics.retention.period.${unit}`, { n: k }));
  const cohortNames = cohorts.map((cohort) => t('analytics.retention.cohortName', { cohort: cohortLabel(cohort, by, lang), size: formatNumber(cohort.size, lang) }));
  const cells: [number, number, number | '-'][] = [];
  cohorts.forEach((cohort, y) => {
    for (let x = 0; x < periods; x++) {
      const rate = cohort.rates?.[x];
      cells.push([x, y, typeof rate === 'number' ? rate : '-']);
    }
  });
  const dense = periods * cohorts.length > 240;
  const percent = (value: unknown) => (typeof value === 'number' ? formatPercent(value, lang, 0) : '—');
  const option: ChartOption = {
    grid: { left: 8, right: 16, top: 28, bottom: 56, containLabel: true },
    tooltip: {
      ...tooltipBase,
      formatter: (params) => {
        const item = Array.isArray(params) ? params[0] : params;
        const [x, y, value] = item.value as [number, number, number | '-'];
        const active = cohorts[y]?.active?.[x];
        return `${cohortNames[y]}<br>${periodNames[x]}: <b>${percent(value)}</b>${typeof active === 'number' ? `（${formatNumber(active, lang)}）` : ''}`;
      },
    },
    xAxis: {
      type: 'category',
      data: periodNames,
      name: t(`analytics.retention.axis.${by}`),
      nameLocation: 'middle',
      nameGap: 28,
      nameTextStyle: axisText,
      axisLabel: axisText,
      splitArea: { show: true },
    },
    yAxis: { type: 'category', data: cohortNames, inverse: true, axisLabel: axisText, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max: 1,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      text: ['100%', '0%'],
      textStyle: { color: MUTED },
      inRange: { color: ['#fbeef0', '#e8a3b1', '#c64a66', '#9f1d35', '#5c0f1f'] },
    },
    series: [
      {
        name: t('analytics.retention.title'),
        type: 'heatmap',
        data: cells,
        label: { show: !dense, formatter: ({ value }) => percent((value as unknown[])[2]), color: INK, textBorderColor: '#fff', textBorderWidth: 2, fontSize: 11 },
        emphasis: { itemStyle: { borderColor: INK, borderWidth: 1 } },
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
      },
    ],
  };
  const firstNext = cohorts.map((cohort) => cohort.rates?.[1]).filter((rate): rate is number => typeof rate === 'number');
  const meanNext = firstNext.length ? firstNext.reduce((sum, rate) => sum + rate, 0) / firstNext.length : null;
  return {
    option,
    label:
      meanNext === null
        ? t('analytics.retention.summaryShort', { count: formatNumber(cohorts.length, lang) })
        : t(`analytics.retention.summary.${unit}`, { count: formatNumber(cohorts.length, lang), rate: formatPercent(meanNext, lang) }),
    table: {
      caption: t('analytics.retention.title'),
      columns: [t('analytics.retention.cohort'), t('analytics.retention.size'), ...periodNames],
      rows: cohorts.map((cohort, y) => [
        cohortNames[y],
        formatNumber(cohort.size, lang),
        ...Array.from({ length: periods }, (_, x) => percent(cohort.rates?.[x])),
      ]),
    },
  };
}

/** Height for a heatmap of `rows` cohorts: a readable row each, within a laptop screen. */
export const heatmapHeight = (rows: number): string => `${Math.min(40, Math.max(16, 6 + rows * 1.6))}rem`;

// ——— Customer value by group ———

/** A value group's name: 全顧客, an RFM segment, linked or not linked to a member. */
export function groupName(group: string, i18n: I18n): string {
  const { kind, key } = groupKind(group);
  if (kind === 'all') return i18n.t('analytics.value.group.all');
  if (kind === 'rfm') return segmentLabel(i18n, key);
  if (kind === 'community') return key === 'linked' ? i18n.t('analytics.value.group.linked') : key === 'notLinked' ? i18n.t('analytics.value.group.notLinked') : key;
  return group;
}

/** Groups in reading order: everyone, linked/not linked, then the RFM segments best first. */
export function orderedGroups(value: CustomerValue): CustomerValue['groups'] {
  const rank = (group: string) => {
    const { kind, key } = groupKind(group);
    if (kind === 'all') return 0;
    if (kind === 'community') return key === 'linked' ? 1 : 2;
    if (kind === 'rfm') {
      const index = (RFM_SEGMENTS as readonly string[]).indexOf(key);
      return 10 + (index === -1 ? RFM_SEGMENTS.length : index);
    }
    return 100;
  };
  return [...value.groups].sort((a, b) => rank(a.group) - rank(b.group));
}

export function valueChart(value: CustomerValue, i18n: I18n): ChartSpec {
  const { t, lang } = i18n;
  const groups = orderedGroups(value);
  const names = groups.map((group) => groupName(group.group, i18n));
  const money = (minor: number | null) => (minor === null ? '—' : formatMoney(minor, value.currency, lang));
  const pAlive = t('analytics.value.pAlive');
  const clv = t('analytics.value.clv');
  const option: ChartOption = {
    title: [
      { text: pAlive, left: '2%', top: 0, textStyle: { fontSize: 13, color: INK } },
      { text: clv, left: '60%', top: 0, textStyle: { fontSize: 13, color: INK } },
    ],
    tooltip: { ...tooltipBase, trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: [
      { left: 8, width: '52%', top: 28, bottom: 8, containLabel: true },
      { left: '60%', right: 16, top: 28, bottom: 8, containLabel: true },
    ],
    xAxis: [
      { type: 'value', gridIndex: 0, min: 0, max: 1, splitNumber: 2, axisLabel: { ...axisText, formatter: (v: number) => formatPercent(v, lang, 0) }, splitLine },
      { type: 'value', gridIndex: 1, min: 0, splitNumber: 2, axisLabel: { ...axisText, formatter: (v: number) => formatMoney(v, value.currency, lang, true) }, splitLine },
    ],
    yAxis: [
      { type: 'category', gridIndex: 0, data: names, inverse: true, axisLabel: { ...axisText, interval: 0 }, axisTick: { show: false } },
      { type: 'category', gridIndex: 1, data: names, inverse: true, axisLabel: { show: false }, axisTick: { show: false } },
    ],
    series: [
      {
        name: pAlive,
        type: 'bar',
        xAxisIndex: 0,
        yAxisIndex: 0,
        barMaxWidth: 14,
        itemStyle: { color: PALETTE.teal, borderRadius: [0, 3, 3, 0] },
        tooltip: { valueFormatter: (v) => (typeof v === 'number' ? formatPercent(v, lang) : '—') },
        data: groups.map((group) => group.meanPAlive),
      },
      {
        name: clv,
        type: 'bar',
        xAxisIndex: 1,
        yAxisIndex: 1,
        barMaxWidth: 14,
        itemStyle: { color: PALETTE.accent, borderRadius: [0, 3, 3, 0] },
        tooltip: { valueFormatter: (v) => (typeof v === 'number' ? money(v) : '—') },
        data: groups.map((group) => group.meanClv ?? '-'),
      },
    ],
  };
  const linked = groups.find((group) => group.group === 'community:linked');
  const notLinked = groups.find((group) => group.group === 'community:notLinked');
  const label =
    linked && notLinked
      ? t('analytics.value.summary', {
          linked: formatPercent(linked.meanPAlive, lang),
          notLinked: formatPercent(notLinked.meanPAlive, lang),
          linkedClv: money(linked.meanClv),
          notLinkedClv: money(notLinked.meanClv),
        })
      : t('analytics.value.summaryShort', { count: formatNumber(value.customers, lang) });
  return {
    option,
    label,
    table: {
      caption: t('analytics.value.title'),
      columns: [t('analytics.value.group'), t('analytics.value.customers'), pAlive, t('analytics.value.expected'), clv],
      rows: groups.map((group, index) => [
        names[index],
        formatNumber(group.customers, lang),
        formatPercent(group.meanPAlive, lang),
        group.expectedPurchases === null ? '—' : formatNumber(group.expectedPurchases, lang, 2),
        money(group.meanClv),
      ]),
    },
  };
}

/** Height for the customer-value chart: a bar pair per group. */
export const valueHeight = (groups: number): string => `${Math.min(30, Math.max(14, 4 + groups * 1.5))}rem`;
