// Real brokers and databases are slower than mocks, and the first consumer-group join costs seconds.
jest.setTimeout(120_000);
