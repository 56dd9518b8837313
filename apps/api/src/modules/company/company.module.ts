import { Module } from '@nestjs/common';
import { CompaniesRepository } from './companies.repository.js';
import { CompanyController } from './company.controller.js';
import { CompanyService } from './company.service.js';

@Module({ controllers: [CompanyController], providers: [CompaniesRepository, CompanyService], exports: [CompaniesRepository] })
export class CompanyModule {}
