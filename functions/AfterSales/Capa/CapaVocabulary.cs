using AfterSales.Kernel;

namespace AfterSales.Capa;

/// <summary>The words of the CAPA forms for every code the CAPA API speaks.</summary>
public static class CapaVocabulary
{
    public static IEnumerable<VocabularyList> Lists =>
    [
        VocabularyList.Of<CapaStage>("capaStages", s => s switch
        {
            CapaStage.Notification => ("通知责任部门", "Notify the responsible department"),
            CapaStage.CauseAnalysis => ("原因分析", "Cause analysis"),
            CapaStage.Planning => ("制定纠正预防措施", "Drafting measures"),
            CapaStage.Review => ("部门负责人审核", "Review by the department head"),
            CapaStage.Approval => ("管理者代表批准", "Approval by the management representative"),
            CapaStage.Execution => ("措施实施", "Carrying out the measures"),
            CapaStage.Verification => ("效果验证", "Effect verification"),
            CapaStage.Closure => ("关闭或标准化", "Closing or standardising"),
            CapaStage.Closed => ("已关闭", "Closed"),
            _ => null,
        }),
        VocabularyList.Of<CapaOutcome>("capaOutcomes", o => o switch
        {
            CapaOutcome.ContinuousImprovement => ("无需纠正预防措施, 持续改进", "No action needed: continuous improvement"),
            CapaOutcome.Closed => ("措施有效, 关闭", "Closed"),
            CapaOutcome.Standardised => ("纳入标准化", "Made a standard"),
            _ => null,
        }),
        VocabularyList.Of<CauseCategory>("causeCategories", c => c switch
        {
            CauseCategory.Design => ("设计", "Design"),
            CauseCategory.Material => ("材料", "Material"),
            CauseCategory.Process => ("工艺/制程", "Process"),
            CauseCategory.Supplier => ("供应商", "Supplier"),
            CauseCategory.Use => ("使用", "Use"),
            _ => null,
        }),
        VocabularyList.Of<MeasureKind>("measureKinds", k => k switch
        {
            MeasureKind.Corrective => ("纠正措施", "Corrective"),
            MeasureKind.Preventive => ("预防措施", "Preventive"),
            _ => null,
        }),
        VocabularyList.Of<MeasureState>("measureStates", s => s switch
        {
            MeasureState.Planned => ("已计划", "Planned"),
            MeasureState.Underway => ("实施中", "Under way"),
            MeasureState.Done => ("已完成", "Done"),
            MeasureState.Superseded => ("已被修订计划取代", "Superseded by a redrafted plan"),
            _ => null,
        }),
        VocabularyList.Of<CapaStep>("capaSteps", s => s switch
        {
            CapaStep.Notification => ("通知责任部门", "Notification"),
            CapaStep.CauseAnalysis => ("原因分析", "Cause analysis"),
            CapaStep.Planning => ("制定措施", "Planning"),
            CapaStep.Review => ("部门负责人审核", "Review"),
            CapaStep.Approval => ("管理者代表批准", "Approval"),
            CapaStep.Measure => ("实施措施", "Measure"),
            CapaStep.Verification => ("效果验证", "Verification"),
            CapaStep.Closure => ("关闭/标准化", "Closure"),
            _ => null,
        }),
        VocabularyList.Of<StandardDocument>("standardDocuments", d => d switch
        {
            StandardDocument.DesignFmea => ("设计FMEA", "Design FMEA"),
            StandardDocument.ProcessFmea => ("过程FMEA", "Process FMEA"),
            StandardDocument.ControlPlan => ("控制计划", "Control plan"),
            StandardDocument.WorkInstruction => ("作业指导书", "Work instruction"),
            _ => null,
        }),
    ];
}
