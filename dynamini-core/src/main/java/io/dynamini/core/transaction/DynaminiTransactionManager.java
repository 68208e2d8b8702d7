package io.dynamini.core.transaction;

import io.dynamini.observation.DynaminiObservations;
import io.micrometer.observation.ObservationRegistry;

import io.dynamini.core.DynaminiTransaction;

import org.jspecify.annotations.Nullable;
import org.springframework.transaction.InvalidTimeoutException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.ResourceTransactionManager;
import org.springframework.transaction.support.SmartTransactionObject;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Makes {@code @Transactional} and {@code TransactionTemplate} work with dynamini: inside a transaction, the writes
 * of every dynamini repository and template on this client ({@code save}, {@code insert}, {@code update},
 * {@code delete}, {@code deleteById}, {@code restore}) are buffered and sent at commit as one
 * {@code TransactWriteItems}, all or nothing ({@link DynaminiTransaction}). Rollback discards them. Reads by id see
 * the transaction's own writes; index queries do not. {@code purge} is not transactional (it runs at once).
 * <p>
 * Propagation as Spring defines it: {@code REQUIRED} joins, {@code REQUIRES_NEW} suspends the outer transaction's
 * buffer and commits its own first; isolation levels and timeouts other than the defaults are not supported by
 * DynamoDB transactions and are rejected.
 */
public class DynaminiTransactionManager extends AbstractPlatformTransactionManager implements ResourceTransactionManager {

	private final DynamoDbClient client;

	private DynaminiObservations observations = DynaminiObservations.NONE;

	/**
	 * @param client the client the dynamini templates use (the transaction is bound to it)
	 */
	public DynaminiTransactionManager(DynamoDbClient client) {
		Assert.notNull(client, "client must not be null");
		this.client = client;
		setNestedTransactionAllowed(false);
	}

	/** Records each commit as a {@code dynamini.operation} named {@code commit}, with its request. */
	public void setObservationRegistry(ObservationRegistry registry) {
		Assert.notNull(registry, "registry must not be null");
		this.observations = new DynaminiObservations(registry);
	}

	@Override
	public Object getResourceFactory() {
		return client;
	}

	@Override
	protected Object doGetTransaction() {
		return new TransactionObject((DynaminiTransaction) TransactionSynchronizationManager.getResource(client));
	}

	@Override
	protected boolean isExistingTransaction(Object transaction) {
		return ((TransactionObject) transaction).transaction != null;
	}

	@Override
	protected void doBegin(Object transaction, TransactionDefinition definition) {
		if (definition.getIsolationLevel() != TransactionDefinition.ISOLATION_DEFAULT) {
			throw new TransactionSystemException("DynamoDB transactions are serializable; isolation level "
					+ definition.getIsolationLevel() + " cannot be chosen");
		}
		int timeout = determineTimeout(definition);
		if (timeout != TransactionDefinition.TIMEOUT_DEFAULT) {
			throw new InvalidTimeoutException("DynamoDB transactions have no timeout to set: a dynamini transaction is "
					+ "one TransactWriteItems sent at commit; remove the timeout of " + timeout + " s", timeout);
		}
		DynaminiTransaction started = DynaminiTransaction.begin(client, observations);
		((TransactionObject) transaction).transaction = started;
		TransactionSynchronizationManager.bindResource(client, started);
	}

	@Override
	protected void doCommit(DefaultTransactionStatus status) {
		required(status).commit();
	}

	@Override
	protected void doRollback(DefaultTransactionStatus status) {
		required(status).rollback();
	}

	@Override
	protected void doSetRollbackOnly(DefaultTransactionStatus status) {
		required(status).setRollbackOnly();
	}

	@Override
	protected Object doSuspend(Object transaction) {
		((TransactionObject) transaction).transaction = null;
		return TransactionSynchronizationManager.unbindResource(client);
	}

	@Override
	protected void doResume(@Nullable Object transaction, Object suspendedResources) {
		TransactionSynchronizationManager.bindResource(client, suspendedResources);
	}

	@Override
	protected void doCleanupAfterCompletion(Object transaction) {
		TransactionSynchronizationManager.unbindResourceIfPossible(client);
		((TransactionObject) transaction).transaction = null;
	}

	private static DynaminiTransaction required(DefaultTransactionStatus status) {
		DynaminiTransaction transaction = ((TransactionObject) status.getTransaction()).transaction;
		Assert.state(transaction != null, "No dynamini transaction is active");
		return transaction;
	}

	private static final class TransactionObject implements SmartTransactionObject {

		@Nullable DynaminiTransaction transaction;

		TransactionObject(@Nullable DynaminiTransaction transaction) {
			this.transaction = transaction;
		}

		@Override
		public boolean isRollbackOnly() {
			return transaction != null && transaction.isRollbackOnly();
		}

		@Override
		public void flush() {
		}
	}
}
