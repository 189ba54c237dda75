import { Injectable } from '@nestjs/common';
import { ContactsRepository } from './contacts.repository';
import { CustomerValueService, type ValueUnit } from './customer-value.service';
import { OrdersRepository } from './orders.repository';

/** What analytics may ask the CRM about members as customers (the module's one door for it). */
@Injectable()
export class CustomerInsightsService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly contacts: ContactsRepository,
    private readonly value: CustomerValueService,
  ) {}

  /** The currency most orders are in (null without orders). */
  mainCurrency(communityId: string): Promise<string | null> {
    return this.orders.mainCurrency(communityId);
  }

  revenueByContact(communityId: string, currency: string, from: Date, to: Date) {
    return this.orders.revenueByContact(communityId, currency, from, to);
  }

  firstPurchases(communityId: string) {
    return this.orders.firstPurchases(communityId);
  }

  /** Contact id of each linked member. */
  async contactOfMembers(communityId: string): Promise<Map<string, string>> {
    const linked = await this.contacts.linked(communityId);
    return new Map(linked.map((c) => [c.linkedUserId!, c.id]));
  }

  /** The customer-value report, with extra groups per contact (e.g. `tier:champion`). */
  customerValue(communityId: string, asOf: Date, unit: ValueUnit, groups: ReadonlyMap<string, string>) {
    return this.value.report(communityId, asOf, unit, groups);
  }

  /** P(alive) per contact from the fitted model (null when there are too few orders to fit). */
  async pAlive(communityId: string, asOf: Date): Promise<Map<string, number> | null> {
    const fit = await this.value.fit(communityId, asOf).catch(() => null);
    return fit ? new Map([...fit.values].map(([id, v]) => [id, v.pAlive])) : null;
  }
}
