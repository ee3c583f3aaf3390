import { SourceUnavailableError, type SapODataClient } from '../../src/adapters/sap-odata-client';
import { countingODataClient } from '../../src/metrics/instrument';
import { createProcessMetrics } from '../../src/metrics/process-metrics';

test('failed SAP OData calls are counted by error and SAP system', async () => {
  const metrics = createProcessMetrics();
  const failing: SapODataClient = {
    get: () => Promise.reject(new SourceUnavailableError('SAP answered 503')),
  };
  const healthy: SapODataClient = { get: () => Promise.resolve('{}') };
  const erp2 = countingODataClient(failing, metrics, 'ERP2');
  const erp = countingODataClient(healthy, metrics, 'ERP');

  await expect(erp2.get('/A_BusinessPartner')).rejects.toThrow('503');
  await expect(erp2.get('/A_BusinessPartner')).rejects.toThrow('503');
  await expect(erp.get('/A_BusinessPartner')).resolves.toBe('{}');

  const { values } = await metrics.sapErrors.get();
  expect(values).toEqual([{ labels: { error: 'SourceUnavailableError', system: 'ERP2' }, value: 2 }]);
});
