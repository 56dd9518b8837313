/**
 * What every page except the top page needs and the top page does not: Pinia (all stores live behind the
 * top page) and the form/table styles. Imported by page-support.ts on the first navigation away from the
 * top page, which keeps the top page's first download small.
 */
import './styles/pages.css';

export { createPinia } from 'pinia';
