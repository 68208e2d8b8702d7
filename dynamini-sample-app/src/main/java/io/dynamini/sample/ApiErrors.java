package io.dynamini.sample;

import io.dynamini.core.ItemSizeLimitExceededException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Every error as an RFC 9457 problem detail ({@code application/problem+json}).
 */
@RestControllerAdvice
public class ApiErrors {

	private static final Log logger = LogFactory.getLog(ApiErrors.class);

	@ExceptionHandler(NotFoundException.class)
	ResponseEntity<ProblemDetail> notFound(NotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler(InvalidInputException.class)
	ResponseEntity<ProblemDetail> invalid(InvalidInputException ex) {
		return problem(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	@ExceptionHandler(VersionMismatchException.class)
	ResponseEntity<ProblemDetail> versionMismatch(VersionMismatchException ex) {
		return problem(HttpStatus.PRECONDITION_FAILED, ex.getMessage());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex) {
		return problem(HttpStatus.BAD_REQUEST, "The body must be a JSON object");
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid value for " + ex.getName());
	}

	@ExceptionHandler(ItemSizeLimitExceededException.class)
	ResponseEntity<ProblemDetail> tooLarge(ItemSizeLimitExceededException ex) {
		return problem(HttpStatus.PAYLOAD_TOO_LARGE, "The entry is larger than DynamoDB's 400 KB item limit");
	}

	@ExceptionHandler(OptimisticLockingFailureException.class)
	ResponseEntity<ProblemDetail> conflict(OptimisticLockingFailureException ex) {
		return problem(HttpStatus.PRECONDITION_FAILED, "The item changed concurrently; nothing was changed");
	}

	@ExceptionHandler(TransientDataAccessException.class)
	ResponseEntity<ProblemDetail> unavailable(TransientDataAccessException ex) {
		logger.warn("Transient storage failure: " + ex.getMessage());
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "The store is busy; try again");
	}

	@ExceptionHandler(DataAccessException.class)
	ResponseEntity<ProblemDetail> storage(DataAccessException ex) {
		logger.error("Storage failure", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Storage failure");
	}

	static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
		return ResponseEntity.of(ProblemDetail.forStatusAndDetail(status, detail)).build();
	}
}
