import { Module } from '@nestjs/common';
import { ContactsRepository } from './contacts.repository';
import { CrmReferencesService } from './crm-references.service';
import { OrdersRepository } from './orders.repository';

/** The brand's ids of customers and orders for other modules (see CrmReferencesService). */
@Module({ providers: [CrmReferencesService, ContactsRepository, OrdersRepository], exports: [CrmReferencesService] })
export class CrmReferencesModule {}
