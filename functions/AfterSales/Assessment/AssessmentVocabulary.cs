using AfterSales.Kernel;

namespace AfterSales.Assessment;

/// <summary>The words of GB/T 27922-2011 for every code the assessment API speaks (indicator names are in the indicator set itself).</summary>
public static class AssessmentVocabulary
{
    public static IEnumerable<VocabularyList> Lists =>
    [
        VocabularyList.Of<AssessmentLevel>("assessmentLevels", l => l switch
        {
            AssessmentLevel.NotCompliant => ("未达标", "Not compliant (below 70)"),
            AssessmentLevel.Compliant => ("达标", "Compliant (70 or more)"),
            AssessmentLevel.ThreeStars => ("三星级", "Three stars (80 or more)"),
            AssessmentLevel.FourStars => ("四星级", "Four stars (90 or more)"),
            AssessmentLevel.FiveStars => ("五星级", "Five stars (95 or more)"),
            _ => null,
        }),
        VocabularyList.Of<AssessmentState>("assessmentStates", s => s switch
        {
            AssessmentState.Open => ("评价中", "Open"),
            AssessmentState.Completed => ("已完成", "Completed"),
            _ => null,
        }),
        VocabularyList.Of<ItemFinding>("itemFindings", f => f switch
        {
            ItemFinding.Conforms => ("符合", "Conforms"),
            ItemFinding.NonConforming => ("不符合", "Does not conform"),
            ItemFinding.Sampled => ("抽样评价", "Sampled"),
            ItemFinding.Excluded => ("不适用", "Excluded (does not apply)"),
            _ => null,
        }),
        VocabularyList.Of<ItemKind>("itemKinds", k => k switch
        {
            ItemKind.Qualitative => ("定性指标", "Qualitative"),
            ItemKind.Sampled => ("抽样指标", "Sampled"),
            _ => null,
        }),
        VocabularyList.Of<AdjustmentKind>("adjustmentKinds", k => k switch
        {
            AdjustmentKind.Deduction => ("特殊扣分", "Special deduction"),
            AdjustmentKind.Bonus => ("加分", "Bonus"),
            _ => null,
        }),
        VocabularyList.Of<EvidenceSource>("evidenceSources", e => e switch
        {
            EvidenceSource.ComplaintsAnswered => ("投诉答复率", "Complaints answered"),
            EvidenceSource.ArrivalOnTime => ("按承诺时限到场率", "On site within the promise"),
            EvidenceSource.ClosedLoop => ("投诉闭环率", "Complaints closed (closed loop)"),
            EvidenceSource.NotReopened => ("关闭后未重开率", "Closed and not reopened"),
            EvidenceSource.RevisitsOnTime => ("回访及时率", "Revisits on time"),
            EvidenceSource.CapaClosed => ("纠正预防措施关闭率", "CAPAs closed"),
            EvidenceSource.CapaEffective => ("措施有效率", "CAPAs verified effective"),
            EvidenceSource.FieldVisits => ("现场服务记录 (顾客签字的服务记录卡)", "Field visits (with the customer's signed service record card)"),
            EvidenceSource.Commissioning => ("安装调试验收 (验收单)", "Commissioning accepted (acceptance form)"),
            EvidenceSource.Surveys => ("满意度调查 (已答复, 无最低分)", "Satisfaction surveys (answered, no item at the bottom of the scale)"),
            EvidenceSource.SupervisionReports => ("服务监督月报", "Monthly supervision reports produced"),
            _ => null,
        }),
    ];
}
