package io.dynamini.observation;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * A {@link DynamoDbClient} that records each request as a {@code dynamini.request} observation, child of the
 * current one: it asks DynamoDB for the consumed capacity ({@code ReturnConsumedCapacity=TOTAL}, unless the request
 * set it), reads it from the response, reads the SDK's attempts (retries, throttled attempts) from the request's
 * own metrics, and adds all of it to the {@code dynamini.operation} the request belongs to. Requests are sent by the
 * client it wraps, unchanged otherwise.
 */
final class ObservedDynamoDbClient implements InvocationHandler {

	private static final DefaultDynaminiRequestObservationConvention CONVENTION = new DefaultDynaminiRequestObservationConvention();

	private static final Set<String> READS = Set.of("GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems");

	private final DynamoDbClient client;

	private final ObservationRegistry registry;

	private ObservedDynamoDbClient(DynamoDbClient client, ObservationRegistry registry) {
		this.client = client;
		this.registry = registry;
	}

	static DynamoDbClient wrap(DynamoDbClient client, ObservationRegistry registry) {
		return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
				new Class<?>[] { DynamoDbClient.class }, new ObservedDynamoDbClient(client, registry));
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
		if (args != null && args.length == 1 && args[0] instanceof DynamoDbRequest request) {
			return send(method, request);
		}
		if (method.isDefault() && args != null && args.length == 1 && !(args[0] instanceof DynamoDbRequest)) {
			// the consumer-builder and paginator forms: they call the request form on this proxy
			return InvocationHandler.invokeDefault(proxy, method, args);
		}
		return call(method, args);
	}

	private @Nullable Object call(Method method, Object @Nullable [] args) throws Throwable {
		try {
			return method.invoke(client, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private Object send(Method method, DynamoDbRequest request) throws Throwable {
		String operation = Character.toUpperCase(method.getName().charAt(0)) + method.getName().substring(1);
		DynaminiRequestContext context = new DynaminiRequestContext(operation, tableNames(request));
		Observation observation = DynaminiObservationDocumentation.REQUEST
			.observation(null, CONVENTION, () -> context, registry)
			.start();
		Attempts attempts = new Attempts();
		try (Observation.Scope scope = observation.openScope()) {
			Object response = call(method, new Object[] { decorate(request, attempts) });
			if (response instanceof SdkResponse sdk) {
				capacity(context, sdk);
			}
			return response;
		}
		catch (Throwable ex) {
			context.setOutcome(isThrottling(ex) ? "throttled"
					: ex instanceof TransactionCanceledException || ex instanceof ConditionalCheckFailedException
							? "cancelled" : "error");
			observation.error(ex);
			throw ex;
		}
		finally {
			context.attempts(attempts.retries, attempts.throttles);
			observation.stop();
			if (observation.getContextView().getParentObservation() instanceof Observation parent
					&& parent.getContext() instanceof DynaminiOperationContext operationContext) {
				operationContext.add(context);
			}
		}
	}

	/** The request asking for its consumed capacity and reporting its attempts to {@code attempts}. */
	private static DynamoDbRequest decorate(DynamoDbRequest request, Attempts attempts) {
		AwsRequestOverrideConfiguration override = request.overrideConfiguration()
			.map(AwsRequestOverrideConfiguration::toBuilder)
			.orElseGet(AwsRequestOverrideConfiguration::builder)
			.addMetricPublisher(attempts)
			.build();
		DynamoDbRequest.Builder builder = request.toBuilder();
		builder.overrideConfiguration(override);
		if (request.getValueForField("ReturnConsumedCapacity", String.class).isEmpty()
				&& builder instanceof SdkPojo fields) {
			// every request that can report capacity has this member (GetItem ... TransactWriteItems)
			for (SdkField<?> field : fields.sdkFields()) {
				if (field.memberName().equals("ReturnConsumedCapacity")) {
					field.set(builder, ReturnConsumedCapacity.TOTAL.toString());
				}
			}
		}
		return (DynamoDbRequest) builder.build();
	}

	private static void capacity(DynaminiRequestContext context, SdkResponse response) {
		Object reported = response.getValueForField("ConsumedCapacity", Object.class).orElse(null);
		List<ConsumedCapacity> capacities = new ArrayList<>();
		if (reported instanceof ConsumedCapacity single) {
			capacities.add(single);
		}
		else if (reported instanceof Collection<?> list) {
			list.stream().filter(ConsumedCapacity.class::isInstance).map(ConsumedCapacity.class::cast).forEach(capacities::add);
		}
		double read = 0;
		double write = 0;
		List<String> described = new ArrayList<>();
		for (ConsumedCapacity capacity : capacities) {
			double units = capacity.capacityUnits() == null ? 0 : capacity.capacityUnits();
			if (capacity.readCapacityUnits() != null || capacity.writeCapacityUnits() != null) {
				read += capacity.readCapacityUnits() == null ? 0 : capacity.readCapacityUnits();
				write += capacity.writeCapacityUnits() == null ? 0 : capacity.writeCapacityUnits();
			}
			else if (READS.contains(context.getOperationName())) {
				read += units;
			}
			else {
				write += units;
			}
			described.add(capacity.tableName() + "=" + units);
		}
		context.capacity(read, write, String.join(",", described));
	}

	private static List<String> tableNames(DynamoDbRequest request) {
		Set<String> names = new LinkedHashSet<>();
		request.getValueForField("TableName", String.class).ifPresent(names::add);
		request.getValueForField("RequestItems", Map.class).ifPresent(items -> items.keySet().forEach(name -> names.add(String.valueOf(name))));
		if (request instanceof TransactWriteItemsRequest transaction) {
			for (TransactWriteItem item : transaction.transactItems()) {
				if (item.put() != null) {
					names.add(item.put().tableName());
				}
				else if (item.update() != null) {
					names.add(item.update().tableName());
				}
				else if (item.delete() != null) {
					names.add(item.delete().tableName());
				}
				else if (item.conditionCheck() != null) {
					names.add(item.conditionCheck().tableName());
				}
			}
		}
		if (request instanceof TransactGetItemsRequest transaction) {
			transaction.transactItems().forEach(item -> names.add(item.get().tableName()));
		}
		return List.copyOf(names);
	}

	static boolean isThrottling(Throwable ex) {
		if (ex instanceof ProvisionedThroughputExceededException || ex instanceof ThrottlingException
				|| ex instanceof RequestLimitExceededException) {
			return true;
		}
		if (ex instanceof TransactionCanceledException cancelled && cancelled.hasCancellationReasons()) {
			for (CancellationReason reason : cancelled.cancellationReasons()) {
				if ("ThrottlingError".equals(reason.code()) || "ProvisionedThroughputExceeded".equals(reason.code())) {
					return true;
				}
			}
		}
		return false;
	}

	/** The SDK's metrics of one request: its retries and the attempts refused for throttling. */
	private static final class Attempts implements MetricPublisher {

		int retries;

		int throttles;

		@Override
		public void publish(MetricCollection metrics) {
			metrics.metricValues(CoreMetric.RETRY_COUNT).stream().findFirst().ifPresent(count -> retries = count);
			for (MetricCollection attempt : metrics.children()) {
				if (attempt.metricValues(CoreMetric.ERROR_TYPE).contains("Throttling")) {
					throttles++;
				}
			}
		}

		@Override
		public void close() {
		}
	}
}
