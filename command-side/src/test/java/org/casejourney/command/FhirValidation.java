package org.casejourney.command;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

import java.util.List;

/**
 * HAPI's instance validator against the base R4 profiles only (no implementation guide): the
 * structure definitions and value sets that ship with HAPI, terminology checked in memory. Building
 * one takes seconds, so a test class builds it once.
 */
final class FhirValidation {

    private final FhirValidator validator;

    FhirValidation() {
        FhirContext context = FhirContext.forR4();
        ValidationSupportChain chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(context),
                new SnapshotGeneratingValidationSupport(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new CommonCodeSystemsTerminologyService(context));
        validator = context.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
    }

    /** Every message of the validator about this resource (JSON), of every severity. */
    List<SingleValidationMessage> validate(String resourceJson) {
        ValidationResult result = validator.validateWithResult(resourceJson);
        return result.getMessages();
    }

    /** The messages of severity error or fatal, one line each: what must be empty for the base R4 profiles to accept it. */
    List<String> errors(String resourceJson) {
        return validate(resourceJson).stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(FhirValidation::line).toList();
    }

    static String line(SingleValidationMessage m) {
        return m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage();
    }
}
