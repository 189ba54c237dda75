import { Injectable } from '@nestjs/common';
import { type BgNbdParams, clv, expectedPurchases, fitBgNbd, fitGammaGamma, type GammaGammaParams, probabilityAlive, rfmSummary } from '@kizuna/engagement';
import { DomainError } from '../common/domain-error';
import { ContactsService } from './contacts.service';
import type { CustomerValueResponse } from './dto/customer-value.dto';
import { LinkingService } from './linking.service';
import { OrdersRepository } from './orders.repository';

const UNIT_DAYS = { day: 1, week: 7, month: 365.25 / 12 } as const;
export type ValueUnit = keyof typeof UNIT_DAYS;
/** 10% a year, per unit. */
const YEARLY_DISCOUNT = 0.1;
const CACHE_MS = 60_000;

export interface CustomerValue {
  pAlive: number;
  /** Purchases expected in the next year; null when the fitted model cannot give it (see below). */
  expectedPurchases: number | null;
  /** Expected value of the next year's purchases, discounted (minor units); null without a spend model. */
  clv: number | null;
}

export interface CustomerValueFit {
  asOf: Date;
  unit: ValueUnit;
  currency: string;
  bgnbd: BgNbdParams;
  gammaGamma: GammaGammaParams | null;
  diagnostics: { logLikelihood: number; converged: boolean; iterations: number; spendLogLikelihood: number | null };
  values: Map<string, CustomerValue>;
}

/**
 * Predictive customer value per community: BG/NBD (P(alive), expected purchases) and Gamma-Gamma
 * (expected order value → CLV over the next year) fitted by maximum likelihood on the community's
 * orders in its main currency (libs/engagement/src/customer-value). Fits are cached for a minute.
 */
@Injectable()
export class CustomerValueService {
  private readonly cache = new Map<string, { at: number; fit: Promise<CustomerValueFit | null> }>();

  constructor(
    private readonly orders: OrdersRepository,
    private readonly contacts: ContactsService,
    private readonly linking: LinkingService,
  ) {}

  fit(communityId: string, asOf: Date, unit: ValueUnit = 'week'): Promise<CustomerValueFit | null> {
    const key = `${communityId}:${asOf.toISOString()}:${unit}`;
    const cached = this.cache.get(key);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.fit;
    // Expired fits go as a new one comes: each holds a value per customer, and the keys change
    // with every day and community, so they would otherwise pile up for the life of the process.
    for (const [k, entry] of this.cache) if (Date.now() - entry.at >= CACHE_MS) this.cache.delete(k);
    const fit = this.compute(communityId, asOf, unit);
    this.cache.set(key, { at: Date.now(), fit });
    fit.catch(() => this.cache.delete(key));
    return fit;
  }

  /**
   * The fit with its groups: all customers, RFM segments, linked to a member or not, and the groups
   * the caller adds per contact (analytics adds engagement tiers).
   */
  async report(communityId: string, asOf: Date, unit: ValueUnit, extraGroups: ReadonlyMap<string, string> = new Map()): Promise<CustomerValueResponse> {
    const fit = await this.fit(communityId, asOf, unit).catch((error: unknown) => {
      throw new DomainError('conflict', 'MODEL_DID_NOT_FIT', `The customer-value model could not be fitted to these orders: ${error instanceof Error ? error.message : String(error)}`);
    });
    if (!fit) throw new DomainError('conflict', 'NOT_ENOUGH_ORDERS', 'Customer value needs orders of at least 10 customers, some of them repeat buyers, before asOf');
    const { scores } = await this.contacts.rfm(communityId, asOf);
    const linked = await this.linking.linkedUsers(communityId, [...fit.values.keys()]);
    const groups = new Map<string, CustomerValue[]>();
    const add = (group: string, value: CustomerValue) => {
      const list = groups.get(group) ?? [];
      list.push(value);
      groups.set(group, list);
    };
    for (const [contactId, value] of fit.values) {
      add(`rfm:${scores.get(contactId)?.segment ?? 'none'}`, value);
      add(linked.has(contactId) ? 'community:linked' : 'community:notLinked', value);
      const extra = extraGroups.get(contactId);
      if (extra) add(extra, value);
      add('all', value);
    }
    const mean = (values: Array<number | null>) => {
      const known = values.filter((v): v is number => v !== null);
      return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
    };
    return {
      asOf: fit.asOf.toISOString().slice(0, 10),
      unit: fit.unit,
      currency: fit.currency,
      customers: fit.values.size,
      bgnbd: { r: fit.bgnbd.r, alpha: fit.bgnbd.alpha, a: fit.bgnbd.a, b: fit.bgnbd.b },
      gammaGamma: fit.gammaGamma,
      diagnostics: fit.diagnostics,
      groups: [...groups]
        .map(([group, values]) => ({
          group,
          customers: values.length,
          meanPAlive: mean(values.map((v) => v.pAlive)) ?? 0,
          expectedPurchases: mean(values.map((v) => v.expectedPurchases)),
          meanClv: mean(values.map((v) => v.clv)),
        }))
        .sort((a, b) => a.group.localeCompare(b.group)),
    };
  }

  private async compute(communityId: string, asOf: Date, unit: ValueUnit): Promise<CustomerValueFit | null> {
    const currency = await this.orders.mainCurrency(communityId);
    if (!currency) return null;
    const end = new Date(asOf.getTime() + 86_400_000);
    const purchases = await this.orders.purchases(communityId, currency, end);
    const summary = rfmSummary(purchases.map((p) => ({ customerId: p.contactId, at: p.at, amount: p.amount })), { calibrationEnd: asOf, unitDays: UNIT_DAYS[unit] });
    if (summary.length < 10 || !summary.some((c) => c.x > 0)) return null;
    const bg = fitBgNbd(summary);
    const repeat = summary.filter((c) => c.x > 0 && c.monetary > 0);
    const gg = repeat.length >= 10 ? fitGammaGamma(repeat) : null;
    const horizon = 365.25 / UNIT_DAYS[unit];
    const discount = (1 + YEARLY_DISCOUNT) ** (1 / horizon) - 1;
    const values = new Map<string, CustomerValue>();
    // When the fit lands at an extreme (e.g. the same chance of dropping out for everyone: a and b
    // huge), the closed form of expected purchases (2F1) cannot be evaluated; P(alive) still can.
    let expectations = true;
    for (const c of summary) {
      let expected: number | null = null;
      let value: number | null = null;
      if (expectations) {
        try {
          expected = expectedPurchases(bg.params, horizon, c.x, c.tx, c.T);
          value = gg ? clv(bg.params, gg.params, c, { horizonUnits: horizon, discountRatePerUnit: discount }) : null;
        } catch {
          expectations = false;
          expected = null;
          value = null;
        }
      }
      values.set(c.customerId, { pAlive: probabilityAlive(bg.params, c.x, c.tx, c.T), expectedPurchases: expected, clv: value });
    }
    if (!expectations) for (const v of values.values()) Object.assign(v, { expectedPurchases: null, clv: null });
    return {
      asOf,
      unit,
      currency,
      bgnbd: bg.params,
      gammaGamma: gg?.params ?? null,
      diagnostics: { logLikelihood: bg.logLikelihood, converged: bg.converged, iterations: bg.iterations, spendLogLikelihood: gg?.logLikelihood ?? null },
      values,
    };
  }
}
