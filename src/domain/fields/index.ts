export { textValue, flagValue } from './text';
export { sapDate, sapTime, sapDateTime, isValidCalendarDate } from './date';
export { sapDecimal } from './decimal';
export { isoUnit, sapUnit, measure, type UnitCode, type UnitCodeType, type Measure } from './units';
export { languageCode, languageIdentity, sameLanguage, type LanguageCode } from './language';
export { joinTextLines, type TextLine } from './long-text';
