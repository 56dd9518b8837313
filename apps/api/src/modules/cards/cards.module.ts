import { Module } from '@nestjs/common';
import { MembersRepository } from '../auth/members.repository.js';
import { CardInquiryRepository } from './card-inquiry.repository.js';
import { CardInquiryService } from './card-inquiry.service.js';
import { CardInquirySessionJoin } from './card-inquiry-session-join.js';
import { CardsController } from './cards.controller.js';
import { CardsRepository } from './cards.repository.js';
import { CompanyCardsService } from './company-cards.service.js';

@Module({ controllers: [CardsController], providers: [CardInquiryService, CardInquiryRepository, CardInquirySessionJoin, CardsRepository, CompanyCardsService, MembersRepository] })
export class CardsModule {}
