namespace AfterSales.PowerBi;

/// <summary>What a column holds, as Parquet, CSV, Table Storage and Power Query each type it.</summary>
public enum ColumnType
{
    /// <summary>Text (Power Query <c>type text</c>).</summary>
    Text,
    /// <summary>A whole number (<c>Int64.Type</c>): counts and the yyyyMMdd date keys.</summary>
    Whole,
    /// <summary>A decimal number (<c>type number</c>): money, hours, minutes.</summary>
    Decimal,
    /// <summary>True or false (<c>type logical</c>).</summary>
    Flag,
    /// <summary>An instant, in UTC, to the millisecond (<c>type datetime</c>).</summary>
    Time,
    /// <summary>A calendar day in the service's time zone (<c>type date</c>).</summary>
    Date,
}

public sealed record ExportColumn(string Name, ColumnType Type);

/// <summary>
/// One table of the star schema: a fact (rows partitioned by month: one file per month) or a
/// dimension (one file, written whole), its lean Table Storage copy, and its columns in order.
/// </summary>
public sealed record ExportTable(string Name, string StorageTable, bool IsFact, IReadOnlyList<ExportColumn> Columns)
{
    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == column)
            {
                return i;
            }
        }
        throw new InvalidOperationException($"{Name} has no column {column}.");
    }
}

/// <summary>
/// One row of a table: its partition (a fact's month <c>yyyyMM</c>, a dimension's group) and its
/// key (unique and stable, so a re-run replaces the row instead of adding one), and the values in
/// column order: string, long, decimal, bool, or DateTime (UTC) for times and dates.
/// </summary>
public sealed record ExportRow(string Partition, string Key, IReadOnlyList<object?> Values);

/// <summary>
/// The star schema Power BI reads (docs/powerbi.md): seven facts and seven dimensions. The names and
/// columns here are the contract the Power Query files in docs/powerbi/ are checked against.
/// </summary>
public static class StarSchema
{
    private static ExportColumn T(string name) => new(name, ColumnType.Text);
    private static ExportColumn W(string name) => new(name, ColumnType.Whole);
    private static ExportColumn D(string name) => new(name, ColumnType.Decimal);
    private static ExportColumn F(string name) => new(name, ColumnType.Flag);
    private static ExportColumn At(string name) => new(name, ColumnType.Time);

    public static readonly ExportTable Complaints = new("complaints", "PowerBiComplaints", true,
    [
        T("ComplaintNumber"), T("WorkKind"), T("ChannelCode"), T("PathCode"), T("StateCode"), T("CustomerId"), T("CustomerName"),
        T("ProvinceCode"), T("ProductKey"), T("Product"), T("PartNumber"), T("OrderNumber"), W("Quantity"), W("DefectiveQuantity"),
        F("Urgent"), At("ReceivedAt"), W("ReceivedDateKey"), At("TriagedAt"), At("ResolvedAt"), At("ClosedAt"), W("ClosedDateKey"),
        W("ReopenCount"), At("ArrivalDueAt"), At("ArrivedAt"), F("ArrivalMet"), W("StepCount"), W("OpenStepCount"),
    ]);

    /// <summary>Every work item of every record: the SLA's due time (moved by pauses), whether it was met, the time worked.</summary>
    public static readonly ExportTable Steps = new("steps", "PowerBiSteps", true,
    [
        T("RecordKind"), T("RecordId"), T("StepId"), T("StepKind"), T("Stage"), T("DepartmentCode"), T("AssigneeId"),
        At("OpenedAt"), W("OpenedDateKey"), At("DueAt"), At("CompletedAt"), W("CompletedDateKey"), T("Outcome"), F("Met"),
        D("ElapsedMinutes"), D("PausedMinutes"), F("Paused"), T("EscalationLevel"), T("ComplaintNumber"),
    ]);

    public static readonly ExportTable Visits = new("visits", "PowerBiVisits", true,
    [
        T("VisitId"), T("ComplaintNumber"), T("StageCode"), At("DispatchedAt"), W("DispatchedDateKey"), At("ArrivalDueAt"),
        At("ArrivedAt"), F("ArrivalMet"), At("DepartedAt"), At("CompletedAt"), W("CompletedDateKey"), W("TechnicianCount"),
        D("LabourHours"), D("PartsCost"), D("LabourCost"), D("TotalCost"), T("Currency"), F("InWarranty"), F("EffectVerified"),
    ]);

    /// <summary>One row per returned item (part), with its order's stage and outcome.</summary>
    public static readonly ExportTable Returns = new("returns", "PowerBiReturns", true,
    [
        T("ReturnId"), W("ItemNumber"), T("ComplaintNumber"), T("KindCode"), T("StageCode"), T("ProductKey"), T("PartNumber"),
        W("Quantity"), W("DefectiveQuantity"), W("ReceivedQuantity"), W("DefectiveFound"), At("OpenedAt"), W("OpenedDateKey"),
        T("InspectionResult"), T("Responsibility"), T("OutcomeCode"), At("ClosedAt"), W("ClosedDateKey"),
    ]);

    /// <summary>One row per measure of a CAPA, with the CAPA's stage, cause and verdict.</summary>
    public static readonly ExportTable CapaMeasures = new("capaMeasures", "PowerBiCapaMeasures", true,
    [
        T("CapaId"), T("MeasureId"), T("MeasureKind"), T("MeasureState"), T("DepartmentCode"), At("Deadline"), W("DeadlineDateKey"),
        At("CompletedAt"), F("OnTime"), W("PlanRevision"), T("CapaStage"), T("CapaOutcome"), T("CauseCategory"), T("ProductKey"),
        T("PartNumber"), At("CapaOpenedAt"), W("CapaOpenedDateKey"), At("CapaClosedAt"), F("Effective"), W("ComplaintCount"),
    ]);

    /// <summary>
    /// One row per item rated in an answered survey (顾客满意度调查表), in the month it was answered: the score, whether it was the
    /// bottom of the scale (a follow-up), and the survey's occasion, customer, department and complaint, its answer's mean and comment.
    /// </summary>
    public static readonly ExportTable SurveyAnswers = new("surveyAnswers", "PowerBiSurveyAnswers", true,
    [
        T("SurveyId"), T("ItemCode"), W("ItemOrder"), T("ItemZh"), T("ItemEn"), W("Score"), F("LowScore"), T("OccasionCode"), T("Round"),
        T("ComplaintNumber"), T("CustomerId"), T("CustomerName"), T("DepartmentCode"), T("Product"), T("Language"), W("TemplateVersion"),
        T("AnswerChannelCode"), At("SentAt"), W("SentDateKey"), At("AnsweredAt"), W("AnsweredDateKey"), W("ItemsRated"), D("AnswerAverage"),
        T("Comment"),
    ]);

    /// <summary>Every event of the exported records, as the change feed published it.</summary>
    public static readonly ExportTable Events = new("events", "PowerBiEvents", true,
    [
        T("EventId"), T("RecordKind"), T("RecordId"), W("Sequence"), T("EventType"), At("At"), W("DateKey"), T("ActorId"),
    ]);

    public static readonly ExportTable Dates = new("dates", "PowerBiDates", false,
    [
        W("DateKey"), new("Date", ColumnType.Date), W("Year"), W("Quarter"), W("Month"), W("MonthKey"), W("Day"), W("Weekday"), T("MonthLabel"),
    ]);

    public static readonly ExportTable Departments = new("departments", "PowerBiDepartments", false, [T("DepartmentCode"), T("NameZh"), T("NameEn")]);

    public static readonly ExportTable Customers = new("customers", "PowerBiCustomers", false,
    [
        T("CustomerId"), T("Name"), T("GradeCode"), T("GradeZh"), T("GradeEn"), T("ProvinceCode"), T("ProvinceZh"), T("ProvinceEn"),
        T("EnterpriseType"), At("RegisteredAt"), W("RegisteredDateKey"),
    ]);

    /// <summary>Products and parts named on complaints, returns and CAPAs: the part number, or the product's name where no part was given.</summary>
    public static readonly ExportTable Products = new("products", "PowerBiProducts", false, [T("ProductKey"), T("PartNumber"), T("ProductName")]);

    public static readonly ExportTable Paths = new("paths", "PowerBiPaths", false, [T("PathCode"), T("NameZh"), T("NameEn")]);

    public static readonly ExportTable States = new("states", "PowerBiStates", false, [T("StateCode"), T("NameZh"), T("NameEn")]);

    public static readonly ExportTable Channels = new("channels", "PowerBiChannels", false, [T("ChannelCode"), T("NameZh"), T("NameEn")]);

    public static IReadOnlyList<ExportTable> Facts { get; } = [Complaints, Steps, Visits, Returns, CapaMeasures, SurveyAnswers, Events];

    public static IReadOnlyList<ExportTable> Dimensions { get; } = [Dates, Departments, Customers, Products, Paths, States, Channels];

    public static IReadOnlyList<ExportTable> All { get; } = [.. Facts, .. Dimensions];

    public static ExportTable? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
