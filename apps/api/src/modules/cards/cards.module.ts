import { Module } from '@nestjs/common';
import { CardInquiryRepository } from './card-inquiry.repository.js';
import { CardInquiryService } from './card-inquiry.service.js';
import { CardsController } from './cards.controller.js';
import { CompanyCardsService } from './company-cards.service.js';

@Module({ controllers: [CardsController], providers: [CardInquiryService, CardInquiryRepository, CompanyCardsService] })
export class CardsModule {}
