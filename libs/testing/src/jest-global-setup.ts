import { ensureTestInfrastructure } from './infrastructure';

export default async function globalSetup(): Promise<void> {
  await ensureTestInfrastructure();
}
