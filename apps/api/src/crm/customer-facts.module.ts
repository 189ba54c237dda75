import { Module } from '@nestjs/common';
import { CustomerFactsService } from './customer-facts.service';

/** The customer side of a member for recognition's rules (see CustomerFactsService). */
@Module({ providers: [CustomerFactsService], exports: [CustomerFactsService] })
export class CustomerFactsModule {}
