import type { IdocEntityHandler } from '../idoc/entity-handler';
import { ARTICLE_IDOC_LABEL, isArticleIdoc } from './detect';
import { describeArticle, transformArticle } from './transform';

export { transformArticleIdoc, transformArticle, describeArticle } from './transform';
export { ARTICLE_IDOC_LABEL, isArticleIdoc } from './detect';
export { ArticleSegment } from './segments';

/** Retail article master IDocs (ARTMAS): `material` records; register in IDOC_HANDLERS. */
export const articleIdocHandler: IdocEntityHandler = {
  entityType: 'material',
  label: ARTICLE_IDOC_LABEL,
  accepts: isArticleIdoc,
  describe: describeArticle,
  transform: transformArticle,
};
