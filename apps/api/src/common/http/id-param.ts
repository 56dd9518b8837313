/** Path ids are positive integers; anything else is a 404 (not a 500, not a 400 oracle). */
import { Injectable, type PipeTransform } from '@nestjs/common';
import { AppException } from '../errors/app.exception.js';

@Injectable()
export class IdParam implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^\d{1,15}$/.test(value) || Number(value) < 1) throw new AppException('NOT_FOUND');
    return Number(value);
  }
}
