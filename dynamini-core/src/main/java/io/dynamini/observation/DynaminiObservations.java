package io.dynamini.observation;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Records dynamini's observations in a registry: {@link #operation} wraps one repository or template call, and the
 * client {@link #observe(DynamoDbClient)} returns records each DynamoDB request as its child. With
 * {@link ObservationRegistry#NOOP} (the default) nothing is recorded and the client is the one given.
 */
public final class DynaminiObservations {

	/** Records nothing. */
	public static final DynaminiObservations NONE = new DynaminiObservations(ObservationRegistry.NOOP);

	private static final DefaultDynaminiOperationObservationConvention OPERATION_CONVENTION = new DefaultDynaminiOperationObservationConvention();

	private final ObservationRegistry registry;

	private final Function<Object, @Nullable Long> revisions;

	private final Function<Object, @Nullable Object> ids;

	public DynaminiObservations(ObservationRegistry registry) {
		this(registry, result -> null, result -> null);
	}

	/**
	 * @param revisions the revision a result carries (an entity's version, a revision's number), or {@code null}
	 * @param ids the id of an entity a result is, for an operation that did not know it (saving a new entity)
	 */
	public DynaminiObservations(ObservationRegistry registry, Function<Object, @Nullable Long> revisions,
			Function<Object, @Nullable Object> ids) {
		this.registry = registry;
		this.revisions = revisions;
		this.ids = ids;
	}

	/** @return the same registry, telling the revisions and ids of results with the given functions */
	public DynaminiObservations withResults(Function<Object, @Nullable Long> revisionsOfResults,
			Function<Object, @Nullable Object> idsOfResults) {
		return new DynaminiObservations(registry, revisionsOfResults, idsOfResults);
	}

	public ObservationRegistry registry() {
		return registry;
	}

	public boolean isEnabled() {
		return !registry.isNoop();
	}

	/** @return a client that records each request it sends (or {@code client} itself when nothing is recorded) */
	public DynamoDbClient observe(DynamoDbClient client) {
		return isEnabled() ? ObservedDynamoDbClient.wrap(client, registry) : client;
	}

	/**
	 * Runs {@code call} as one {@code dynamini.operation}, unless it runs inside one already (a repository query
	 * calling the template, a transaction's commit): then it is part of that one.
	 */
	public <R> R operation(String entity, String operation, @Nullable Object id, Supplier<R> call) {
		if (!isEnabled() || current() != null) {
			return call.get();
		}
		DynaminiOperationContext context = new DynaminiOperationContext(entity, operation, id);
		Observation observation = DynaminiObservationDocumentation.OPERATION
			.observation(null, OPERATION_CONVENTION, () -> context, registry)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			R result = call.get();
			Object value = result instanceof Optional<?> optional ? optional.orElse(null) : result;
			if (result instanceof Optional<?> optional && optional.isEmpty()) {
				context.setOutcome("not-found");
			}
			if (value != null) {
				context.setRevision(revisions.apply(value));
				if (context.getId() == null) {
					context.setId(ids.apply(value));
				}
			}
			return result;
		}
		catch (RuntimeException | Error ex) {
			context.setOutcome(outcome(ex));
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	/** Runs {@code call} as one operation without a result. */
	public void operation(String entity, String operation, @Nullable Object id, Runnable call) {
		operation(entity, operation, id, () -> {
			call.run();
			return null;
		});
	}

	/** Notes a request dynamini sends again (a transaction DynamoDB cancelled for throttling). */
	public void retried() {
		DynaminiOperationContext context = current();
		if (context != null) {
			context.addRetry();
		}
	}

	private @Nullable DynaminiOperationContext current() {
		Observation observation = registry.getCurrentObservation();
		while (observation != null) {
			if (observation.getContext() instanceof DynaminiOperationContext context) {
				return context;
			}
			observation = observation.getContextView().getParentObservation() instanceof Observation parent ? parent : null;
		}
		return null;
	}

	static String outcome(Throwable ex) {
		if (ex instanceof OptimisticLockingFailureException) {
			return "version-conflict";
		}
		if (ex instanceof DuplicateKeyException) {
			return "duplicate";
		}
		// dynamini's translated exceptions keep the SDK's throttling exception (or cancelled transaction) as a cause
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (ObservedDynamoDbClient.isThrottling(cause)) {
				return "throttled";
			}
		}
		return "error";
	}
}
