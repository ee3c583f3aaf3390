import { loadConfig } from '../../src/config/app-config';
import { ConfigError } from '../../src/config/env';
import { sapTaskQueue } from '../../src/shared/sap-task-queue';
import type { ApplyItem } from '../../src/shared/apply-types';
import { needsSapRead } from '../../src/workflows/sap-reads';

describe('SAP settings', () => {
  test('the product service defaults to API_PRODUCT_SRV next to the business partner service', () => {
    const config = loadConfig({
      SYNCHUB_SAP_ODATA_URL: 'https://my300000.s4hana.ondemand.com/sap/opu/odata/sap/API_BUSINESS_PARTNER/',
    });
    expect(config.sap.productODataUrl).toBe(
      'https://my300000.s4hana.ondemand.com/sap/opu/odata/sap/API_PRODUCT_SRV',
    );
    expect(loadConfig({}).sap.productODataUrl).toBeUndefined();
    expect(
      loadConfig({
        SYNCHUB_SAP_ODATA_URL: 'https://s4.example.com/sap/opu/odata/sap/API_BUSINESS_PARTNER',
        SYNCHUB_SAP_PRODUCT_ODATA_URL: 'https://other.example.com/products',
      }).sap.productODataUrl,
    ).toBe('https://other.example.com/products');
  });

  test('SYNCHUB_SAP_RATE_LIMIT: 20 per second unless set, positive', () => {
    expect(loadConfig({}).sap.rateLimit).toBe(20);
    expect(loadConfig({ SYNCHUB_SAP_RATE_LIMIT: '2.5' }).sap.rateLimit).toBe(2.5);
    expect(() => loadConfig({ SYNCHUB_SAP_RATE_LIMIT: '0' })).toThrow(ConfigError);
  });

  test('SAP reads run on the task queue next to the main one', () => {
    expect(sapTaskQueue('synchub')).toBe('synchub-sap');
  });
});

describe('which changes need an SAP read', () => {
  const item = (format: 'idoc' | 'event', payload: string): ApplyItem => ({
    sourceId: 's',
    version: '20260101000000.0000000000000001',
    format,
    restoring: false,
    payload,
  });

  test('a business event does; an initial-load event and an IDoc do not', () => {
    expect(
      needsSapRead(item('event', '{"type":"sap.s4.beh.businesspartner.v1.BusinessPartner.Changed.v1"}')),
    ).toBe(true);
    expect(needsSapRead(item('event', '{"specversion":"1.0","type":"synchub.load.v1.A_Product"}'))).toBe(
      false,
    );
    expect(needsSapRead(item('idoc', '<MATMAS05/>'))).toBe(false);
    const ref = { store: 'dynamodb' as const, sha256: 'x', bytes: 1, chunks: 1 };
    const byReference = { ...item('event', ''), payload: undefined, payloadRef: ref };
    expect(needsSapRead({ ...byReference, sourceId: "/synchub/load/API_PRODUCT_SRV/A_Product('X')@v" })).toBe(
      false,
    );
    expect(needsSapRead({ ...byReference, sourceId: '/default/sap.s4.beh/730431274/e1' })).toBe(true);
  });
});
