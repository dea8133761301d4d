import HTTPTypes
import LedgerCore
import OpenAPIKit

/// An endpoint with its types erased: what the OpenAPI builder reads.
struct EndpointRecord: Sendable {
    let method: HTTPRequest.Method
    let path: String
    let operationID: String
    let tag: String
    let summary: String
    let description: String?
    let access: EndpointAccess
    let parameters: [EndpointParameter]
    let success: HTTPResponse.Status
    let errors: [EndpointError]
    let requestSchema: (any APISchema.Type)?
    let responseSchemas: [any APISchema.Type]
    let responseContentType: String
    let otherResponseContentTypes: [(type: String, schema: JSONSchema)]
    let responseHasBody: Bool
    let rawResponseSchema: JSONSchema
    let errorFormat: ErrorFormat
    let rateCategory: RateCategory?

    init<Input, Query, Output>(_ endpoint: Endpoint<Input, Query, Output>) {
        method = endpoint.method
        path = endpoint.path
        operationID = endpoint.operationID
        tag = endpoint.tag
        summary = endpoint.summary
        description = endpoint.description
        access = endpoint.access
        parameters = endpoint.parameters + Query.parameters.map(\.documentation)
        success = endpoint.success
        errors = endpoint.errors
        requestSchema = Input.requestSchema
        responseSchemas = Output.responseSchemas
        responseContentType = Output.contentType
        otherResponseContentTypes = Output.otherContentTypes
        responseHasBody = Output.hasBody
        rawResponseSchema = Output.rawSchema
        errorFormat = endpoint.errorFormat
        rateCategory = endpoint.rateCategory
    }
}
