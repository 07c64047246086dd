package dev.latchkey.collector.web;

import java.util.Arrays;
import java.util.List;

import dev.latchkey.websecurity.DocumentedProblems;
import dev.latchkey.websecurity.ProblemType;

import org.springframework.stereotype.Component;

/** Every {@link Problems} type, for the API description at {@code /v3/api-docs}. */
@Component
class CollectorProblems implements DocumentedProblems {

	@Override
	public List<ProblemType> problemTypes() {
		return Arrays.stream(Problems.values())
			.map((problem) -> new ProblemType(problem.type(), problem.status().value(), problem.title()))
			.toList();
	}

}
