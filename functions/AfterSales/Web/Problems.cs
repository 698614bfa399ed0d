using Microsoft.AspNetCore.Http.HttpResults;

namespace AfterSales.Web;

/// <summary>Short ways to answer with problem details.</summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid.");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.");
}

/// <summary>Versions travel as strong ETags: <c>"7"</c> is the complaint after its seventh event.</summary>
public static class Versions
{
    public static string ETag(int version) => $"\"{version}\"";
}
