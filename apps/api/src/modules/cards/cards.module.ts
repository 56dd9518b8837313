import { Module } from '@nestjs/common';
import { CardInquiryService } from './card-inquiry.service.js';
import { CardsController } from './cards.controller.js';
import { CompanyCardsService } from './company-cards.service.js';

@Module({ controllers: [CardsController], providers: [CardInquiryService, CompanyCardsService] })
export class CardsModule {}
