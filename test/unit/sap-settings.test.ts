import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, sapServiceOf } from '../../src/config/app-config';
import { ConfigError } from '../../src/config/env';
import { entitySapTaskQueue, sapTaskQueue } from '../../src/shared/sap-task-queue';
import { sapReadQueues } from '../../src/workers/compose';
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

  test('SAP reads run on the task queue next to the main one, one per system', () => {
    expect(sapTaskQueue('synchub')).toBe('synchub-sap');
    expect(sapTaskQueue('synchub', 'ERP2')).toBe('synchub-sap-erp2');
    expect(entitySapTaskQueue('synchub', 'businessPartner:0001003764')).toBe('synchub-sap');
    expect(entitySapTaskQueue('synchub', 'businessPartner@ERP_2:0001003764')).toBe('synchub-sap-erp_2');
    // The key never names the system: an unqualified ID with `@` in its key is the default system's.
    expect(entitySapTaskQueue('synchub', 'businessPartner:X@ERP2')).toBe('synchub-sap');
  });
});

describe('SAP services of several systems', () => {
  const SYSTEMS = {
    SYNCHUB_SAP_SYSTEMS: 'ERP=S4HCLNT100,ERP2=ECCCLNT200,ERP3=S4HCLNT300',
    SYNCHUB_DEFAULT_SAP_SYSTEM: 'ERP',
    SYNCHUB_SAP_ODATA_URL: 'https://erp.example.com/sap/opu/odata/sap/API_BUSINESS_PARTNER',
    SYNCHUB_SAP_USERNAME: 'erp-user',
    SYNCHUB_SAP_PASSWORD: 'erp-secret',
  };
  const ERP2_URL = 'https://erp2.example.com/sap/opu/odata/sap/API_BUSINESS_PARTNER?sap-client=200';
  const ERP3_URL = 'https://erp3.example.com/sap/opu/odata/sap/API_BUSINESS_PARTNER';

  function credentialsFile(content: unknown): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synchub-sap-credentials-'));
    const file = path.join(dir, 'sap-credentials.json');
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  }

  function refusal(env: Record<string, string>): string {
    try {
      loadConfig({ ...SYSTEMS, ...env });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('the configuration was accepted');
  }

  test('nothing set: one system, its service from the single-system variables, one SAP task queue', () => {
    const config = loadConfig({ SYNCHUB_SAP_ODATA_URL: SYSTEMS.SYNCHUB_SAP_ODATA_URL });
    expect(config.sap.services).toEqual({});
    expect(sapServiceOf(config, 'SAP')).toMatchObject({
      odataUrl: SYSTEMS.SYNCHUB_SAP_ODATA_URL,
      rateLimit: 20,
      variable: 'SYNCHUB_SAP_ODATA_URL',
    });
    expect(sapReadQueues(config)).toEqual([
      { system: 'SAP', taskQueue: 'synchub-sap', rateLimit: 20, hasService: true },
    ]);
  });

  test('per-system URLs, rates and credentials (pairs or JSON); product service derived per system', () => {
    const file = credentialsFile({ ERP2: { username: 'erp2-user', password: 'erp2-secret' } });
    for (const env of [
      {
        SYNCHUB_SAP_ODATA_URLS: `ERP2=${ERP2_URL}, ERP3=${ERP3_URL}`,
        SYNCHUB_SAP_RATE_LIMITS: 'ERP2=5',
      },
      {
        SYNCHUB_SAP_ODATA_URLS: JSON.stringify({ ERP2: ERP2_URL, ERP3: ERP3_URL }),
        SYNCHUB_SAP_RATE_LIMITS: '{"ERP2": 5}',
      },
    ]) {
      const config = loadConfig({
        ...SYSTEMS,
        ...env,
        SYNCHUB_SAP_RATE_LIMIT: '7',
        SYNCHUB_SAP_CREDENTIALS_FILE: file,
      });
      expect(config.sap.services).toEqual({
        ERP2: {
          odataUrl: ERP2_URL,
          productODataUrl: 'https://erp2.example.com/sap/opu/odata/sap/API_PRODUCT_SRV',
          rateLimit: 5,
          username: 'erp2-user',
          password: 'erp2-secret',
        },
        ERP3: {
          odataUrl: ERP3_URL,
          productODataUrl: 'https://erp3.example.com/sap/opu/odata/sap/API_PRODUCT_SRV',
          rateLimit: 7,
        },
      });
      // The default system keeps its single-system variables.
      expect(sapServiceOf(config, 'ERP')).toMatchObject({
        odataUrl: SYSTEMS.SYNCHUB_SAP_ODATA_URL,
        username: 'erp-user',
        rateLimit: 7,
      });
      expect(sapServiceOf(config, 'ERP2')).toMatchObject({ odataUrl: ERP2_URL, rateLimit: 5 });
      expect(sapReadQueues(config)).toEqual([
        { system: 'ERP', taskQueue: 'synchub-sap', rateLimit: 7, hasService: true },
        { system: 'ERP2', taskQueue: 'synchub-sap-erp2', rateLimit: 5, hasService: true },
        { system: 'ERP3', taskQueue: 'synchub-sap-erp3', rateLimit: 7, hasService: true },
      ]);
    }
  });

  test('a system without a service: its queue is still polled (to refuse its reads), no service', () => {
    const config = loadConfig({ ...SYSTEMS, SYNCHUB_SAP_ODATA_URLS: `ERP2=${ERP2_URL}` });
    expect(sapServiceOf(config, 'ERP3')).toEqual({
      system: 'ERP3',
      variable: 'SYNCHUB_SAP_ODATA_URLS',
      rateLimit: 20,
    });
    expect(sapReadQueues(config).find((queue) => queue.system === 'ERP3')).toEqual({
      system: 'ERP3',
      taskQueue: 'synchub-sap-erp3',
      rateLimit: 20,
      hasService: false,
    });
  });

  test("the default system's credentials may come from the file when the variables are unset", () => {
    const file = credentialsFile({ ERP: { apiKey: 'erp-key' } });
    const config = loadConfig({
      ...SYSTEMS,
      SYNCHUB_SAP_USERNAME: '',
      SYNCHUB_SAP_PASSWORD: '',
      SYNCHUB_SAP_CREDENTIALS_FILE: file,
    });
    expect(sapServiceOf(config, 'ERP')).toMatchObject({ apiKey: 'erp-key' });
    expect(refusal({ SYNCHUB_SAP_CREDENTIALS_FILE: file })).toMatch(
      /SYNCHUB_SAP_CREDENTIALS_FILE: .*'ERP' is the default system, whose credentials SYNCHUB_SAP_USERNAME/,
    );
  });

  test('an alias not in SYNCHUB_SAP_SYSTEMS is refused, naming the variable', () => {
    expect(refusal({ SYNCHUB_SAP_ODATA_URLS: `ERP9=${ERP2_URL}` })).toMatch(
      /SYNCHUB_SAP_ODATA_URLS: 'ERP9' is not a SAP system of SYNCHUB_SAP_SYSTEMS \(configured: ERP, ERP2, ERP3\)/,
    );
    expect(
      refusal({ SYNCHUB_SAP_ODATA_URLS: `ERP2=${ERP2_URL}`, SYNCHUB_SAP_RATE_LIMITS: 'ERP9=3' }),
    ).toMatch(/SYNCHUB_SAP_RATE_LIMITS: 'ERP9' is not a SAP system of SYNCHUB_SAP_SYSTEMS/);
    expect(
      refusal({
        SYNCHUB_SAP_ODATA_URLS: `ERP2=${ERP2_URL}`,
        SYNCHUB_SAP_CREDENTIALS_FILE: credentialsFile({ ERP9: { username: 'x' } }),
      }),
    ).toMatch(/SYNCHUB_SAP_CREDENTIALS_FILE: 'ERP9' is not a SAP system of SYNCHUB_SAP_SYSTEMS/);
    // Nothing configured: there is no other system to name.
    expect(() => loadConfig({ SYNCHUB_SAP_ODATA_URLS: `ERP2=${ERP2_URL}` })).toThrow(
      /SYNCHUB_SAP_ODATA_URLS: 'ERP2' is not a SAP system of SYNCHUB_SAP_SYSTEMS \(configured: SAP\)/,
    );
  });

  test('the default system, a bad URL, rate or entry, a rate without a service are refused', () => {
    expect(refusal({ SYNCHUB_SAP_ODATA_URLS: `ERP=${ERP2_URL}` })).toMatch(
      /SYNCHUB_SAP_ODATA_URLS: 'ERP' is the default system: its setting is SYNCHUB_SAP_ODATA_URL/,
    );
    expect(refusal({ SYNCHUB_SAP_ODATA_URLS: `ERP2=${ERP2_URL}`, SYNCHUB_SAP_RATE_LIMITS: 'ERP=3' })).toMatch(
      /SYNCHUB_SAP_RATE_LIMITS: 'ERP' is the default system: its setting is SYNCHUB_SAP_RATE_LIMIT/,
    );
    expect(refusal({ SYNCHUB_SAP_ODATA_URLS: 'ERP2=erp2.example.com' })).toMatch(
      /SYNCHUB_SAP_ODATA_URLS: the URL of 'ERP2' is not a URL/,
    );
    expect(refusal({ SYNCHUB_SAP_ODATA_URLS: 'ERP2=ftp://erp2.example.com/x' })).toMatch(
      /SYNCHUB_SAP_ODATA_URLS: the URL of 'ERP2' must be http or https/,
    );
    expect(refusal({ SYNCHUB_SAP_ODATA_URLS: ERP2_URL.replace('https', 'ERP2=https') + ',ERP2' })).toMatch(
      /SYNCHUB_SAP_ODATA_URLS: entry 'ERP2' is not ALIAS=VALUE/,
    );
    expect(refusal({ SYNCHUB_SAP_ODATA_URLS: `ERP2=${ERP2_URL},ERP2=${ERP3_URL}` })).toMatch(
      /SYNCHUB_SAP_ODATA_URLS: 'ERP2' is given twice/,
    );
    expect(refusal({ SYNCHUB_SAP_ODATA_URLS: '{"ERP2": ' })).toMatch(
      /SYNCHUB_SAP_ODATA_URLS: is not valid JSON/,
    );
    for (const bad of ['0', '-1', 'fast', '100001'])
      expect(
        refusal({ SYNCHUB_SAP_ODATA_URLS: `ERP2=${ERP2_URL}`, SYNCHUB_SAP_RATE_LIMITS: `ERP2=${bad}` }),
      ).toMatch(/SYNCHUB_SAP_RATE_LIMITS: the rate of 'ERP2' must be a positive number/);
    expect(
      refusal({ SYNCHUB_SAP_ODATA_URLS: `ERP2=${ERP2_URL}`, SYNCHUB_SAP_RATE_LIMITS: 'ERP3=3' }),
    ).toMatch(/SYNCHUB_SAP_RATE_LIMITS: 'ERP3' has no OData service in SYNCHUB_SAP_ODATA_URLS/);
  });

  test('a credentials file that cannot be read or holds anything but credentials is refused', () => {
    const withUrls = { SYNCHUB_SAP_ODATA_URLS: `ERP2=${ERP2_URL}` };
    expect(refusal({ ...withUrls, SYNCHUB_SAP_CREDENTIALS_FILE: '/nonexistent/sap.json' })).toMatch(
      /SYNCHUB_SAP_CREDENTIALS_FILE: \/nonexistent\/sap.json: ENOENT/,
    );
    expect(refusal({ ...withUrls, SYNCHUB_SAP_CREDENTIALS_FILE: credentialsFile('[1]') })).toMatch(
      /SYNCHUB_SAP_CREDENTIALS_FILE: .*expected a JSON object of alias to/,
    );
    expect(
      refusal({ ...withUrls, SYNCHUB_SAP_CREDENTIALS_FILE: credentialsFile({ ERP2: { user: 'x' } }) }),
    ).toMatch(/SYNCHUB_SAP_CREDENTIALS_FILE: .*'ERP2' has 'user'; expected username, password, apiKey/);
    expect(
      refusal({ ...withUrls, SYNCHUB_SAP_CREDENTIALS_FILE: credentialsFile({ ERP2: { password: 1 } }) }),
    ).toMatch(/'ERP2'.password must be a string/);
    expect(
      refusal({ ...withUrls, SYNCHUB_SAP_CREDENTIALS_FILE: credentialsFile({ ERP3: { username: 'x' } }) }),
    ).toMatch(/SYNCHUB_SAP_CREDENTIALS_FILE: .*'ERP3' has no OData service in SYNCHUB_SAP_ODATA_URLS/);
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
