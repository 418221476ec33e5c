package io.rapport.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's header: bearer tokens for every operation ("Authorize" in Swagger UI). */
@Configuration
class OpenApiConfig {

    @Bean
    OpenAPI rapportOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Rapport API").version("v1")
                        .description("Contacts, accounts, users and custom fields. Errors are RFC 9457 problem+json; "
                                + "lists use keyset pagination (limit, cursor → nextCursor); unknown fields are rejected; "
                                + "PATCH needs the record's version (body) or If-Match.")
                        .license(new License().name("AGPL-3.0")))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("rpt_ token")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
