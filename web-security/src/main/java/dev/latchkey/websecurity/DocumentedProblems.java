package dev.latchkey.websecurity;

import java.util.List;

/**
 * The problem types of a service's public API: a bean of this type adds them to the
 * OpenAPI description ({@link ApiDescriptionAutoConfiguration}).
 */
@FunctionalInterface
public interface DocumentedProblems {

	List<ProblemType> problemTypes();

}
