package com.example.notes;

import java.net.URI;

import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.TableCapacity;
import io.dynamini.repository.config.EnableDynaminiRepositories;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** dynamini without Spring Boot, as README's "Plain Spring" section shows it. */
@Configuration
@EnableDynaminiRepositories
public class NotesConfiguration {

	private final URI endpoint;

	public NotesConfiguration(URI dynamoDbEndpoint) {
		this.endpoint = dynamoDbEndpoint;
	}

	@Bean(destroyMethod = "close")
	DynamoDbClient dynamoDbClient() {
		return DynamoDbClient.builder()
			.endpointOverride(endpoint)
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
			.httpClientBuilder(ApacheHttpClient.builder())
			.build();
	}

	@Bean
	DynaminiTemplate dynaminiTemplate(DynamoDbClient client) {
		new DynaminiTableAdmin(client).createTable("notes", TableCapacity.onDemand());
		return new DynaminiTemplate(client, "notes");
	}
}
