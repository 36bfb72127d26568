<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
  <context>
    <name>AccountDialog</name>
    <message>
      <source>Add an account</source>
      <translation>添加账号</translation>
    </message>
    <message>
      <source>letters and digits, e.g. zhangsan</source>
      <translation>字母和数字，例如 zhangsan</translation>
    </message>
    <message>
      <source>Villages</source>
      <translation>负责的村</translation>
    </message>
    <message>
      <source>Login name</source>
      <translation>登录名</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>角色</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>Password again</source>
      <translation>再输一次密码</translation>
    </message>
    <message>
      <source>The login name is shown on the unlock screen without encryption: do not use a name or a phone number. Give the password to the colleague in person.</source>
      <translation>登录名会不加密地显示在登录界面上，请不要用姓名或手机号。请当面把密码告诉这位同事。</translation>
    </message>
    <message>
      <source>Please enter a login name.</source>
      <translation>请填写登录名。</translation>
    </message>
    <message>
      <source>Please enter the colleague's name.</source>
      <translation>请填写这位同事的姓名。</translation>
    </message>
    <message>
      <source>Please choose the villages this cadre serves.</source>
      <translation>请选择这位村干部负责的村。</translation>
    </message>
    <message>
      <source>The two passwords differ.</source>
      <translation>两次输入的密码不一样。</translation>
    </message>
  </context>
  <context>
    <name>AssignVisitorDialog</name>
    <message>
      <source>Assign visitor</source>
      <translation>指派探访人</translation>
    </message>
    <message>
      <source>Loading who may visit there…</source>
      <translation>正在读取可以探访的人员…</translation>
    </message>
    <message>
      <source>Assign</source>
      <translation>指派</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>{name} ({role})</source>
      <translation>{name}（{role}）</translation>
    </message>
    <message>
      <source>{visitor} — me</source>
      <translation>{visitor} — 本人</translation>
    </message>
    <message>
      <source>Only users who may visit every selected person are listed.</source>
      <translation>只列出可以探访所有选中人员的账号。</translation>
    </message>
    <message>
      <source>Nobody may visit all the selected persons; select the persons of one village at a time.</source>
      <translation>没有人可以探访所有选中的人员，请每次只选一个村的人员。</translation>
    </message>
    <message>
      <source>Who visits the selected persons ({count}) from now on?</source>
      <translation>选中的 {count} 人今后由谁探访？</translation>
    </message>
  </context>
  <context>
    <name>BackupDialog</name>
    <message>
      <source>Backup</source>
      <translation>备份</translation>
    </message>
    <message>
      <source>The backup file is encrypted: it can be restored on another computer with the password of any account of this database. Keep it on a USB drive or another computer, not only on this one.</source>
      <translation>备份文件是加密的，在另一台电脑上用本数据库任一账号的密码即可恢复。请把它保存到U盘或另一台电脑上，不要只存在这台电脑里。</translation>
    </message>
    <message>
      <source>Reading when the last backup was made…</source>
      <translation>正在读取上次备份的时间…</translation>
    </message>
    <message>
      <source>The workbench reminds you when the last backup is {n} days old (change this in Settings).</source>
      <translation>距上次备份满{n}天时，工作台会提醒您（可在“设置”中修改）。</translation>
    </message>
    <message>
      <source>Back up to…</source>
      <translation>备份到…</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>Writing the backup to {path}…</source>
      <translation>正在备份到 {path}…</translation>
    </message>
    <message>
      <source>Backed up at {time} to {path}.</source>
      <translation>已于{time}备份到 {path}。</translation>
    </message>
    <message>
      <source>The backup was not written: {reason}</source>
      <translation>备份没有完成：{reason}</translation>
    </message>
    <message>
      <source>When the last backup was made could not be read.</source>
      <translation>读取不到上次备份的时间。</translation>
    </message>
    <message>
      <source>This database has never been backed up.</source>
      <translation>这个数据库还没有备份过。</translation>
    </message>
    <message>
      <source>Last backup: {time}.</source>
      <translation>上次备份：{time}。</translation>
    </message>
  </context>
  <context>
    <name>BackupOps</name>
    <message>
      <source>{township} backup {date}</source>
      <translation>{township}备份-{date}</translation>
    </message>
    <message>
      <source>Back up to</source>
      <translation>备份到</translation>
    </message>
    <message>
      <source>Backups (*{suffix})</source>
      <translation>备份文件 (*{suffix})</translation>
    </message>
  </context>
  <context>
    <name>CareFileForm</name>
    <message>
      <source>The number shown is masked: type the whole number again.</source>
      <translation>显示的号码已隐去部分数字，请重新输入完整号码。</translation>
    </message>
  </context>
  <context>
    <name>CareFileView</name>
    <message>
      <source>Last changed {when} by {who}</source>
      <translation>最近修改：{when}，{who}</translation>
    </message>
  </context>
  <context>
    <name>CareListPage</name>
    <message>
      <source>Name or pinyin initials</source>
      <translation>姓名或拼音首字母</translation>
    </message>
    <message>
      <source>All categories</source>
      <translation>全部类别</translation>
    </message>
    <message>
      <source>All risk levels</source>
      <translation>全部风险等级</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Age</source>
      <translation>年龄</translation>
    </message>
    <message>
      <source>Village</source>
      <translation>村（社区）</translation>
    </message>
    <message>
      <source>Risk</source>
      <translation>风险</translation>
    </message>
  </context>
  <context>
    <name>CareText</name>
    <message>
      <source>{name} ({villages})</source>
      <translation>{name}（{villages}）</translation>
    </message>
    <message>
      <source>{age} years old</source>
      <translation>{age}岁</translation>
    </message>
    <message>
      <source>{name} (deceased)</source>
      <translation>{name}（已故）</translation>
    </message>
    <message>
      <source>Approval notice</source>
      <translation>确认（审批）通知书</translation>
    </message>
    <message>
      <source>Refusal notice</source>
      <translation>不予批准通知书</translation>
    </message>
    <message>
      <source>Termination notice</source>
      <translation>终止通知书</translation>
    </message>
    <message>
      <source>Proof of service</source>
      <translation>送达回证</translation>
    </message>
    <message>
      <source>{year}-{month:02d}</source>
      <translation>{year}年{month}月</translation>
    </message>
    <message>
      <source>Home visit</source>
      <translation>入户</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Video</source>
      <translation>视频</translation>
    </message>
  </context>
  <context>
    <name>CaseloadPage</name>
    <message>
      <source>Find</source>
      <translation>查找</translation>
    </message>
    <message>
      <source>Show everyone</source>
      <translation>显示全部</translation>
    </message>
    <message>
      <source>Households and persons</source>
      <translation>家庭与人员</translation>
    </message>
    <message>
      <source>List: {name}</source>
      <translation>列表：{name}</translation>
    </message>
    <message>
      <source>This person belongs to no household yet.</source>
      <translation>这个人还没有编入任何一户。</translation>
    </message>
    <message>
      <source>Household of {name}</source>
      <translation>家庭档案 · {name}</translation>
    </message>
    <message>
      <source>Household</source>
      <translation>家庭档案</translation>
    </message>
    <message>
      <source>Type at least 4 digits</source>
      <translation>请至少输入4位数字</translation>
    </message>
    <message>
      <source>{n} persons</source>
      <translation>共 {n} 人</translation>
    </message>
    <message>
      <source>Searching…</source>
      <translation>正在查找…</translation>
    </message>
    <message>
      <source>Open household</source>
      <translation>打开家庭档案</translation>
    </message>
    <message>
      <source>Show the whole ID number</source>
      <translation>显示完整身份证号</translation>
    </message>
  </context>
  <context>
    <name>ChangeHeadDialog</name>
    <message>
      <source>Change head of household</source>
      <translation>更换户主</translation>
    </message>
    <message>
      <source>New head</source>
      <translation>新户主</translation>
    </message>
    <message>
      <source>Former head %1 is the new head's</source>
      <translation>原户主%1是新户主的</translation>
    </message>
    <message>
      <source>Change head</source>
      <translation>更换户主</translation>
    </message>
  </context>
  <context>
    <name>ChildFileEditor</name>
    <message>
      <source>New child file</source>
      <translation>新建儿童档案</translation>
    </message>
    <message>
      <source>Choose the child of the new file:</source>
      <translation>请选择要建档的儿童：</translation>
    </message>
    <message>
      <source>Choose the child first.</source>
      <translation>请先选择儿童。</translation>
    </message>
    <message>
      <source>Child file: {name}</source>
      <translation>儿童档案：{name}</translation>
    </message>
    <message>
      <source>New child file: {name}</source>
      <translation>新建儿童档案：{name}</translation>
    </message>
  </context>
  <context>
    <name>ChildFileForm</name>
    <message>
      <source>Guardianship entrusted in writing</source>
      <translation>已书面委托监护</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Risk level</source>
      <translation>风险等级</translation>
    </message>
    <message>
      <source>Father</source>
      <translation>父亲</translation>
    </message>
    <message>
      <source>Mother</source>
      <translation>母亲</translation>
    </message>
    <message>
      <source>Situation</source>
      <translation>情况</translation>
    </message>
    <message>
      <source>Away since</source>
      <translation>外出时间</translation>
    </message>
    <message>
      <source>Whereabouts</source>
      <translation>去向（务工地）</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Guardian (carer)</source>
      <translation>监护人（照护人）</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Relation</source>
      <translation>与儿童关系</translation>
    </message>
    <message>
      <source>Age</source>
      <translation>年龄</translation>
    </message>
    <message>
      <source>Capacity</source>
      <translation>监护能力</translation>
    </message>
    <message>
      <source>Guardianship</source>
      <translation>监护类型</translation>
    </message>
    <message>
      <source>School, health and follow-up</source>
      <translation>就学、健康与跟进</translation>
    </message>
    <message>
      <source>School</source>
      <translation>学校</translation>
    </message>
    <message>
      <source>Grade</source>
      <translation>年级</translation>
    </message>
    <message>
      <source>Health</source>
      <translation>健康状况</translation>
    </message>
    <message>
      <source>Last contact with parents</source>
      <translation>最近与父母联系</translation>
    </message>
    <message>
      <source>Child director</source>
      <translation>儿童主任</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Today</source>
      <translation>今天</translation>
    </message>
    <message>
      <source>Recorded by the township civil-affairs assistant; ask them to change it.</source>
      <translation>此项由乡镇民政专干登记，如需修改请联系民政专干。</translation>
    </message>
  </context>
  <context>
    <name>ChildFileView</name>
    <message>
      <source>Child</source>
      <translation>儿童</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>School</source>
      <translation>学校</translation>
    </message>
    <message>
      <source>Grade</source>
      <translation>年级</translation>
    </message>
    <message>
      <source>Health</source>
      <translation>健康状况</translation>
    </message>
    <message>
      <source>Father</source>
      <translation>父亲</translation>
    </message>
    <message>
      <source>Mother</source>
      <translation>母亲</translation>
    </message>
    <message>
      <source>Situation</source>
      <translation>情况</translation>
    </message>
    <message>
      <source>Whereabouts</source>
      <translation>去向（务工地）</translation>
    </message>
    <message>
      <source>Away since</source>
      <translation>外出时间</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Guardian</source>
      <translation>监护人（照护人）</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Relation</source>
      <translation>与儿童关系</translation>
    </message>
    <message>
      <source>Age</source>
      <translation>年龄</translation>
    </message>
    <message>
      <source>Capacity</source>
      <translation>监护能力</translation>
    </message>
    <message>
      <source>Guardianship</source>
      <translation>监护类型</translation>
    </message>
    <message>
      <source>Entrusted in writing</source>
      <translation>书面委托监护</translation>
    </message>
    <message>
      <source>Contact and follow-up</source>
      <translation>联系与跟进</translation>
    </message>
    <message>
      <source>Last contact with parents</source>
      <translation>最近与父母联系</translation>
    </message>
    <message>
      <source>Child director</source>
      <translation>儿童主任</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>This child has no file.</source>
      <translation>这名儿童还没有档案。</translation>
    </message>
    <message>
      <source>Yes</source>
      <translation>是</translation>
    </message>
    <message>
      <source>No</source>
      <translation>否</translation>
    </message>
    <message>
      <source>{date} (today)</source>
      <translation>{date}（今天）</translation>
    </message>
    <message>
      <source>{date} ({days} days ago)</source>
      <translation>{date}（{days}天前）</translation>
    </message>
    <message>
      <source>Parents should contact the child at least once a week.</source>
      <translation>父母应至少每周与孩子联系一次。</translation>
    </message>
  </context>
  <context>
    <name>ChildrenPage</name>
    <message>
      <source>Child care</source>
      <translation>儿童关爱</translation>
    </message>
    <message>
      <source>New child file…</source>
      <translation>新建儿童档案…</translation>
    </message>
    <message>
      <source>Choose a child in the list to see the file.</source>
      <translation>在左侧列表中选择一名儿童，即可查看其档案。</translation>
    </message>
    <message>
      <source>{count} children</source>
      <translation>共 {count} 名儿童</translation>
    </message>
    <message>
      <source>More than a week since the parents last contacted the child.</source>
      <translation>父母已超过一周未与孩子联系。</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Guardian</source>
      <translation>监护人</translation>
    </message>
    <message>
      <source>Last contact with parents</source>
      <translation>最近与父母联系</translation>
    </message>
    <message>
      <source>Child director</source>
      <translation>儿童主任</translation>
    </message>
  </context>
  <context>
    <name>CoverageView</name>
    <message>
      <source>{year}-{month:02d}</source>
      <translation>{year}年{month:02d}月</translation>
    </message>
    <message>
      <source>Export CSV…</source>
      <translation>导出 CSV…</translation>
    </message>
    <message>
      <source>Month</source>
      <translation>月份</translation>
    </message>
    <message>
      <source>Village</source>
      <translation>村（社区）</translation>
    </message>
    <message>
      <source>For</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Enrolled</source>
      <translation>应探访</translation>
    </message>
    <message>
      <source>Contacted</source>
      <translation>已探访</translation>
    </message>
    <message>
      <source>Rate</source>
      <translation>探访率</translation>
    </message>
    <message>
      <source>Not yet contacted</source>
      <translation>本月尚未探访</translation>
    </message>
    <message>
      <source>Last visit</source>
      <translation>上次探访</translation>
    </message>
    <message>
      <source>Visitor</source>
      <translation>探访人</translation>
    </message>
    <message>
      <source>Export coverage</source>
      <translation>导出探访覆盖情况</translation>
    </message>
    <message>
      <source>CSV files (*.csv)</source>
      <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <source>Township</source>
      <translation>全乡镇</translation>
    </message>
    <message>
      <source>never</source>
      <translation>从未探访</translation>
    </message>
    <message>
      <source>Contacted {contacted} of {enrolled} ({rate}); {missing} not yet contacted</source>
      <translation>应探访 {enrolled} 人，已探访 {contacted} 人（{rate}）；{missing} 人尚未探访</translation>
    </message>
  </context>
  <context>
    <name>CreateVaultForm</name>
    <message>
      <source>letters and digits, e.g. zhangsan</source>
      <translation>字母和数字，例如 zhangsan</translation>
    </message>
    <message>
      <source>Create the database</source>
      <translation>新建数据库</translation>
    </message>
    <message>
      <source>County</source>
      <translation>县（市、区）</translation>
    </message>
    <message>
      <source>Township</source>
      <translation>乡镇（街道）</translation>
    </message>
    <message>
      <source>Administrator login</source>
      <translation>管理员登录名</translation>
    </message>
    <message>
      <source>Your name</source>
      <translation>您的姓名</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>Password again</source>
      <translation>再输一次密码</translation>
    </message>
    <message>
      <source>The first account is the township administrator. The login name is shown on the unlock screen without encryption: do not use your name or phone number. Everything else is stored encrypted with this password — keep it safe, and back up regularly.</source>
      <translation>第一个账号是乡镇管理员。登录名会不加密地显示在登录界面上，请不要用姓名或手机号。其他所有数据都用这个密码加密保存，请牢记密码，并定期备份。</translation>
    </message>
    <message>
      <source>The two passwords differ.</source>
      <translation>两次输入的密码不一样。</translation>
    </message>
    <message>
      <source>Please enter a login name.</source>
      <translation>请填写登录名。</translation>
    </message>
    <message>
      <source>Please enter the password twice.</source>
      <translation>请把密码输入两次。</translation>
    </message>
  </context>
  <context>
    <name>DayPlanView</name>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Village / person</source>
      <translation>村（社区）/ 探访对象</translation>
    </message>
    <message>
      <source>For</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>应探访日期</translation>
    </message>
    <message>
      <source>Overdue days</source>
      <translation>逾期天数</translation>
    </message>
    <message>
      <source>Last visit</source>
      <translation>上次探访</translation>
    </message>
    <message>
      <source>Double-click a person (or press Enter) to fill in the visit; after finishing, 'Next person' opens the next one of the plan.</source>
      <translation>双击探访对象（或按回车）填写探访记录；完成后按“下一位”打开计划中的下一位。</translation>
    </message>
    <message>
      <source>no visitor assigned</source>
      <translation>未指定探访人</translation>
    </message>
    <message>
      <source>never</source>
      <translation>从未探访</translation>
    </message>
    <message>
      <source>{count} visits due or overdue today</source>
      <translation>今天应探访及逾期 {count} 人次</translation>
    </message>
    <message>
      <source>No village</source>
      <translation>未填村（社区）</translation>
    </message>
    <message>
      <source>Assign visitor…</source>
      <translation>指派探访人…</translation>
    </message>
    <message>
      <source>Give the selected persons (or a whole village group) another visitor</source>
      <translation>为选中的探访对象（或整个村的分组）指派探访人</translation>
    </message>
    <message>
      <source>Visitor</source>
      <translation>探访人</translation>
    </message>
    <message>
      <source>Everyone</source>
      <translation>全部探访人</translation>
    </message>
    <message>
      <source>Only mine</source>
      <translation>只看我的</translation>
    </message>
    <message>
      <source>Not assigned</source>
      <translation>未指定探访人</translation>
    </message>
    <message>
      <source>{village} — {visitor} ({count})</source>
      <translation>{village} — {visitor}（{count}人次）</translation>
    </message>
    <message>
      <source>Take off the visit schedule…</source>
      <translation>停止探访安排…</translation>
    </message>
    <message>
      <source>Take off the visit schedule</source>
      <translation>停止探访安排</translation>
    </message>
    <message>
      <source>Why is this person no longer visited (e.g. moved into a care home)?</source>
      <translation>为什么不再探访此人（如已入住敬老院）？</translation>
    </message>
    <message>
      <source>No longer visited…</source>
      <translation>已停止探访…</translation>
    </message>
    <message>
      <source>Persons taken off a visit schedule, and putting them back</source>
      <translation>查看已停止探访安排的人员，或恢复探访安排</translation>
    </message>
  </context>
  <context>
    <name>DeathDialog</name>
    <message>
      <source>Mark %1 deceased</source>
      <translation>登记%1去世</translation>
    </message>
    <message>
      <source>e.g. reported by the village committee, death certificate</source>
      <translation>如：村委会报告、死亡证明</translation>
    </message>
    <message>
      <source>Date of death</source>
      <translation>去世日期</translation>
    </message>
    <message>
      <source>Source / notes</source>
      <translation>信息来源/说明</translation>
    </message>
    <message>
      <source>After recording, you will see which benefits must stop or be reviewed. Nothing is stopped automatically.</source>
      <translation>登记后会列出需要停发或复核的保障项目；系统不会自动停发。</translation>
    </message>
    <message>
      <source>Record death</source>
      <translation>登记去世</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>Recorded: %1 died on %2.</source>
      <translation>已登记：%1于%2去世。</translation>
    </message>
    <message>
      <source>These benefits must now be stopped or reviewed (%1):</source>
      <translation>以下%1项保障需要停发或复核：</translation>
    </message>
    <message>
      <source>No current benefit: nothing has to be stopped.</source>
      <translation>此人没有正在享受的保障，无需停发。</translation>
    </message>
    <message>
      <source>This person was the head of the household: choose a new head.</source>
      <translation>此人是户主，请为这户指定新户主。</translation>
    </message>
    <message>
      <source>Change head…</source>
      <translation>更换户主…</translation>
    </message>
    <message>
      <source>Stop from %1</source>
      <translation>自%1起停发</translation>
    </message>
    <message>
      <source>Review by %1</source>
      <translation>请在%1前复核</translation>
    </message>
    <message>
      <source>Go to enrolment</source>
      <translation>查看该项目</translation>
    </message>
  </context>
  <context>
    <name>DocumentsPage</name>
    <message>
      <source>Village</source>
      <translation>村（社区）</translation>
    </message>
    <message>
      <source>No notices have been recorded yet.</source>
      <translation>还没有登记任何通知书。</translation>
    </message>
    <message>
      <source>Double-click a notice (or press Enter) to open the household.</source>
      <translation>双击一份通知书（或按回车键）可打开该户档案。</translation>
    </message>
    <message>
      <source>Documents and ledgers</source>
      <translation>文书与台账</translation>
    </message>
    <message>
      <source>{count} notices</source>
      <translation>共 {count} 份通知书</translation>
    </message>
    <message>
      <source>Not yet served</source>
      <translation>尚未送达</translation>
    </message>
    <message>
      <source>Number</source>
      <translation>编号</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>文书类型</translation>
    </message>
    <message>
      <source>Head of household</source>
      <translation>户主</translation>
    </message>
    <message>
      <source>Program</source>
      <translation>救助项目</translation>
    </message>
    <message>
      <source>Issued</source>
      <translation>签发日期</translation>
    </message>
    <message>
      <source>Served</source>
      <translation>送达日期</translation>
    </message>
  </context>
  <context>
    <name>EditorDialog</name>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Save (Ctrl+S)</source>
      <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>正在保存…</translation>
    </message>
    <message>
      <source>Discard changes?</source>
      <translation>放弃修改？</translation>
    </message>
    <message>
      <source>What you typed has not been saved. Close and discard it?</source>
      <translation>输入的内容还没有保存。确定关闭并放弃吗？</translation>
    </message>
  </context>
  <context>
    <name>ElderFileEditor</name>
    <message>
      <source>New elder file</source>
      <translation>新建老人档案</translation>
    </message>
    <message>
      <source>Choose the elder of the new file:</source>
      <translation>请选择要建档的老人：</translation>
    </message>
    <message>
      <source>Choose the elder first.</source>
      <translation>请先选择老人。</translation>
    </message>
    <message>
      <source>Elder file: {name}</source>
      <translation>老人档案：{name}</translation>
    </message>
    <message>
      <source>New elder file: {name}</source>
      <translation>新建老人档案：{name}</translation>
    </message>
  </context>
  <context>
    <name>ElderFileForm</name>
    <message>
      <source>Categories</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Risk level</source>
      <translation>风险等级</translation>
    </message>
    <message>
      <source>Living arrangement</source>
      <translation>居住情况</translation>
    </message>
    <message>
      <source>Care needs</source>
      <translation>照料需求</translation>
    </message>
    <message>
      <source>Emergency contact</source>
      <translation>紧急联系人</translation>
    </message>
    <message>
      <source>Contact's phone</source>
      <translation>联系人电话</translation>
    </message>
    <message>
      <source>Responsible</source>
      <translation>责任人</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>备注</translation>
    </message>
  </context>
  <context>
    <name>ElderFileView</name>
    <message>
      <source>Elder</source>
      <translation>老人</translation>
    </message>
    <message>
      <source>Categories</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Living arrangement</source>
      <translation>居住情况</translation>
    </message>
    <message>
      <source>Care needs</source>
      <translation>照料需求</translation>
    </message>
    <message>
      <source>Responsible</source>
      <translation>责任人</translation>
    </message>
    <message>
      <source>Emergency contact</source>
      <translation>紧急联系人</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>This elder has no file.</source>
      <translation>这位老人还没有档案。</translation>
    </message>
  </context>
  <context>
    <name>EldersPage</name>
    <message>
      <source>Elder care</source>
      <translation>老年关爱</translation>
    </message>
    <message>
      <source>New elder file…</source>
      <translation>新建老人档案…</translation>
    </message>
    <message>
      <source>Choose an elder in the list to see the file.</source>
      <translation>在左侧列表中选择一位老人，即可查看其档案。</translation>
    </message>
    <message>
      <source>{count} elders</source>
      <translation>共 {count} 位老人</translation>
    </message>
    <message>
      <source>Not yet visited this month.</source>
      <translation>本月尚未探访。</translation>
    </message>
    <message>
      <source>Categories</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Living arrangement</source>
      <translation>居住情况</translation>
    </message>
    <message>
      <source>Responsible</source>
      <translation>责任人</translation>
    </message>
    <message>
      <source>Last visit</source>
      <translation>最近探访</translation>
    </message>
  </context>
  <context>
    <name>ErrorReporter</name>
    <message>
      <source>Error</source>
      <translation>出错了</translation>
    </message>
  </context>
  <context>
    <name>FileHeader</name>
    <message>
      <source>Household file</source>
      <translation>家庭档案</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>修改</translation>
    </message>
    <message>
      <source>Risk: {level}</source>
      <translation>风险：{level}</translation>
    </message>
  </context>
  <context>
    <name>FirstRunWidget</name>
    <message>
      <source>Welcome to Minzheng Field</source>
      <translation>欢迎使用民政外勤助手</translation>
    </message>
    <message>
      <source>This computer has no database yet. Create your township's database, or restore one from a backup file.</source>
      <translation>这台电脑上还没有数据库。请新建本乡镇的数据库，或从备份文件恢复。</translation>
    </message>
    <message>
      <source>Create</source>
      <translation>新建</translation>
    </message>
    <message>
      <source>Restore from a backup</source>
      <translation>从备份恢复</translation>
    </message>
    <message>
      <source>Registering with the county</source>
      <translation>向县民政局登记</translation>
    </message>
    <message>
      <source>Registering this computer with the county civil-affairs bureau is done after creating or restoring, once synchronisation is available.</source>
      <translation>新建或恢复之后，待同步功能开通时，再向县民政局登记本机。</translation>
    </message>
  </context>
  <context>
    <name>HeldPhotoPreview</name>
    <message>
      <source>Photo</source>
      <translation>照片</translation>
    </message>
    <message>
      <source>Opening…</source>
      <translation>正在打开…</translation>
    </message>
    <message>
      <source>{name}: new, saved when the correction is saved</source>
      <translation>{name}：新添加的照片，保存更正时一起保存</translation>
    </message>
    <message>
      <source>Leave this photo out</source>
      <translation>不添加这张照片</translation>
    </message>
    <message>
      <source>The photo is not added with the correction (the file stays where it is).</source>
      <translation>这张照片不随更正保存（照片文件仍在原处）。</translation>
    </message>
  </context>
  <context>
    <name>HouseholdEditor</name>
    <message>
      <source>Household</source>
      <translation>家庭</translation>
    </message>
    <message>
      <source>New household</source>
      <translation>新建家庭</translation>
    </message>
    <message>
      <source>Head of household</source>
      <translation>户主</translation>
    </message>
    <message>
      <source>Household: %1</source>
      <translation>家庭：%1</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>正在读取…</translation>
    </message>
  </context>
  <context>
    <name>HouseholdFields</name>
    <message>
      <source>Village</source>
      <translation>村（社区）</translation>
    </message>
    <message>
      <source>Head of household</source>
      <translation>户主</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>住址</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Housing</source>
      <translation>住房情况</translation>
    </message>
    <message>
      <source>Bank</source>
      <translation>开户银行</translation>
    </message>
    <message>
      <source>Bank account</source>
      <translation>银行账号</translation>
    </message>
    <message>
      <source>Dibao certificate no.</source>
      <translation>低保证编号</translation>
    </message>
    <message>
      <source>Relative of staff declared</source>
      <translation>近亲属备案</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Household</source>
      <translation>家庭</translation>
    </message>
    <message>
      <source>Person</source>
      <translation>人员</translation>
    </message>
    <message>
      <source>Relation to head</source>
      <translation>与户主关系</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Sex</source>
      <translation>性别</translation>
    </message>
    <message>
      <source>Ethnicity</source>
      <translation>民族</translation>
    </message>
    <message>
      <source>ID number</source>
      <translation>身份证号</translation>
    </message>
    <message>
      <source>Date of birth</source>
      <translation>出生日期</translation>
    </message>
    <message>
      <source>To be verified</source>
      <translation>待核实</translation>
    </message>
    <message>
      <source>Reason to verify</source>
      <translation>待核实原因</translation>
    </message>
    <message>
      <source>Marital status</source>
      <translation>婚姻状况</translation>
    </message>
    <message>
      <source>Health</source>
      <translation>健康状况</translation>
    </message>
    <message>
      <source>Disability category</source>
      <translation>残疾类别</translation>
    </message>
    <message>
      <source>Disability grade</source>
      <translation>残疾等级</translation>
    </message>
    <message>
      <source>Labour capacity</source>
      <translation>劳动能力</translation>
    </message>
    <message>
      <source>Employment</source>
      <translation>从业状况</translation>
    </message>
    <message>
      <source>Registered residence</source>
      <translation>户籍地</translation>
    </message>
    <message>
      <source>Current address</source>
      <translation>现住址</translation>
    </message>
    <message>
      <source>Date of death</source>
      <translation>去世日期</translation>
    </message>
    <message>
      <source>Program</source>
      <translation>保障项目</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Applied on</source>
      <translation>申请日期</translation>
    </message>
    <message>
      <source>Decided on</source>
      <translation>决定日期</translation>
    </message>
    <message>
      <source>Start month</source>
      <translation>起始月份</translation>
    </message>
    <message>
      <source>End month</source>
      <translation>终止月份</translation>
    </message>
    <message>
      <source>Monthly amount</source>
      <translation>月保障金</translation>
    </message>
    <message>
      <source>Covered members</source>
      <translation>保障人口</translation>
    </message>
    <message>
      <source>Support mode</source>
      <translation>供养方式</translation>
    </message>
    <message>
      <source>Self-care level</source>
      <translation>自理能力</translation>
    </message>
    <message>
      <source>Carer</source>
      <translation>照料人</translation>
    </message>
    <message>
      <source>Carer's phone</source>
      <translation>照料人电话</translation>
    </message>
    <message>
      <source>Assistance type</source>
      <translation>救助类型</translation>
    </message>
    <message>
      <source>Assistance amount</source>
      <translation>救助金额</translation>
    </message>
    <message>
      <source>Review cycle (months)</source>
      <translation>复核周期（月）</translation>
    </message>
    <message>
      <source>Next review</source>
      <translation>下次复核</translation>
    </message>
    <message>
      <source>Per-capita income</source>
      <translation>人均收入</translation>
    </message>
    <message>
      <source>Dibao class</source>
      <translation>分类施保类别</translation>
    </message>
    <message>
      <source>Reason for assistance</source>
      <translation>救助事由</translation>
    </message>
    <message>
      <source>Enrolment</source>
      <translation>保障项目</translation>
    </message>
    <message>
      <source>From</source>
      <translation>原状态</translation>
    </message>
    <message>
      <source>To</source>
      <translation>新状态</translation>
    </message>
    <message>
      <source>Effective on</source>
      <translation>生效日期</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Amount basis</source>
      <translation>金额计算依据</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Father</source>
      <translation>父亲</translation>
    </message>
    <message>
      <source>Father's whereabouts</source>
      <translation>父亲去向</translation>
    </message>
    <message>
      <source>Father away since</source>
      <translation>父亲外出时间</translation>
    </message>
    <message>
      <source>Father's phone</source>
      <translation>父亲电话</translation>
    </message>
    <message>
      <source>Mother</source>
      <translation>母亲</translation>
    </message>
    <message>
      <source>Mother's whereabouts</source>
      <translation>母亲去向</translation>
    </message>
    <message>
      <source>Mother away since</source>
      <translation>母亲外出时间</translation>
    </message>
    <message>
      <source>Mother's phone</source>
      <translation>母亲电话</translation>
    </message>
    <message>
      <source>Guardian</source>
      <translation>监护人</translation>
    </message>
    <message>
      <source>Guardian's relation</source>
      <translation>监护人关系</translation>
    </message>
    <message>
      <source>Guardian's age</source>
      <translation>监护人年龄</translation>
    </message>
    <message>
      <source>Guardian's phone</source>
      <translation>监护人电话</translation>
    </message>
    <message>
      <source>Guardian's capacity</source>
      <translation>监护能力</translation>
    </message>
    <message>
      <source>Guardianship</source>
      <translation>监护类型</translation>
    </message>
    <message>
      <source>Entrusted in writing</source>
      <translation>书面委托</translation>
    </message>
    <message>
      <source>School</source>
      <translation>学校</translation>
    </message>
    <message>
      <source>Grade</source>
      <translation>年级</translation>
    </message>
    <message>
      <source>Last contact with parents</source>
      <translation>最近与父母联系</translation>
    </message>
    <message>
      <source>Risk level</source>
      <translation>风险等级</translation>
    </message>
    <message>
      <source>Child director</source>
      <translation>儿童主任</translation>
    </message>
    <message>
      <source>Categories</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Living arrangement</source>
      <translation>居住情况</translation>
    </message>
    <message>
      <source>Care needs</source>
      <translation>照护需求</translation>
    </message>
    <message>
      <source>Emergency contact</source>
      <translation>紧急联系人</translation>
    </message>
    <message>
      <source>Emergency contact's phone</source>
      <translation>紧急联系人电话</translation>
    </message>
    <message>
      <source>Responsible</source>
      <translation>责任人</translation>
    </message>
    <message>
      <source>Staff member</source>
      <translation>工作人员</translation>
    </message>
    <message>
      <source>Staff account</source>
      <translation>工作人员账号</translation>
    </message>
    <message>
      <source>Position</source>
      <translation>职务</translation>
    </message>
    <message>
      <source>Declared on</source>
      <translation>备案日期</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Number</source>
      <translation>文号</translation>
    </message>
    <message>
      <source>Issued on</source>
      <translation>发文日期</translation>
    </message>
    <message>
      <source>Served on</source>
      <translation>送达日期</translation>
    </message>
    <message>
      <source>Content</source>
      <translation>内容</translation>
    </message>
    <message>
      <source>Member</source>
      <translation>成员</translation>
    </message>
    <message>
      <source>Program status</source>
      <translation>保障状态</translation>
    </message>
    <message>
      <source>Child file</source>
      <translation>儿童档案</translation>
    </message>
    <message>
      <source>Elder file</source>
      <translation>老人档案</translation>
    </message>
    <message>
      <source>Relative declaration</source>
      <translation>近亲属备案</translation>
    </message>
    <message>
      <source>Document</source>
      <translation>文书</translation>
    </message>
    <message>
      <source>created</source>
      <translation>新建</translation>
    </message>
    <message>
      <source>changed</source>
      <translation>修改</translation>
    </message>
    <message>
      <source>removed</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Home visit</source>
      <translation>入户</translation>
    </message>
    <message>
      <source>Phone call</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Video call</source>
      <translation>视频</translation>
    </message>
    <message>
      <source>Draft</source>
      <translation>草稿</translation>
    </message>
    <message>
      <source>Final</source>
      <translation>已定稿</translation>
    </message>
    <message>
      <source>Review</source>
      <translation>复核</translation>
    </message>
    <message>
      <source>Follow-up</source>
      <translation>跟进</translation>
    </message>
    <message>
      <source>Missing documents</source>
      <translation>补齐材料</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>待办</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>已完成</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>已取消</translation>
    </message>
    <message>
      <source>%1 yuan</source>
      <translation>%1元</translation>
    </message>
    <message>
      <source>yyyy-MM</source>
      <translation>yyyy年M月</translation>
    </message>
    <message>
      <source>from %1</source>
      <translation>%1起</translation>
    </message>
    <message>
      <source>until %1</source>
      <translation>至%1</translation>
    </message>
  </context>
  <context>
    <name>HouseholdFileView</name>
    <message>
      <source>Household</source>
      <translation>家庭</translation>
    </message>
    <message>
      <source>Loading the household file…</source>
      <translation>正在打开家庭档案…</translation>
    </message>
    <message>
      <source>Edit household</source>
      <translation>编辑家庭信息</translation>
    </message>
    <message>
      <source>Village</source>
      <translation>村（社区）</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>住址</translation>
    </message>
    <message>
      <source>Contact phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Members</source>
      <translation>家庭成员</translation>
    </message>
    <message>
      <source>Dibao certificate no.</source>
      <translation>低保证编号</translation>
    </message>
    <message>
      <source>Housing</source>
      <translation>住房情况</translation>
    </message>
    <message>
      <source>Bank</source>
      <translation>开户银行</translation>
    </message>
    <message>
      <source>Bank account</source>
      <translation>银行账号</translation>
    </message>
    <message>
      <source>:</source>
      <translation>：</translation>
    </message>
    <message>
      <source>Show</source>
      <translation>显示</translation>
    </message>
    <message>
      <source>Show the whole number (the view is logged)</source>
      <translation>显示完整号码（查看会被记录）</translation>
    </message>
    <message>
      <source>Add member</source>
      <translation>添加成员</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>编辑</translation>
    </message>
    <message>
      <source>Show ID number</source>
      <translation>显示身份证号</translation>
    </message>
    <message>
      <source>Mark deceased…</source>
      <translation>登记去世…</translation>
    </message>
    <message>
      <source>More</source>
      <translation>更多</translation>
    </message>
    <message>
      <source>Show phone number</source>
      <translation>显示电话号码</translation>
    </message>
    <message>
      <source>Make head of household…</source>
      <translation>设为户主…</translation>
    </message>
    <message>
      <source>Move to another household…</source>
      <translation>迁到其他户…</translation>
    </message>
    <message>
      <source>Remove from household…</source>
      <translation>从本户删除…</translation>
    </message>
    <message>
      <source>Program</source>
      <translation>保障项目</translation>
    </message>
    <message>
      <source>For</source>
      <translation>对象</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Monthly amount</source>
      <translation>月保障金</translation>
    </message>
    <message>
      <source>Period</source>
      <translation>保障期间</translation>
    </message>
    <message>
      <source>Next review</source>
      <translation>下次复核</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>详情</translation>
    </message>
    <message>
      <source>Programs</source>
      <translation>保障项目</translation>
    </message>
    <message>
      <source>Children</source>
      <translation>儿童</translation>
    </message>
    <message>
      <source>Open child file</source>
      <translation>打开儿童档案</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Risk</source>
      <translation>风险</translation>
    </message>
    <message>
      <source>Father</source>
      <translation>父亲</translation>
    </message>
    <message>
      <source>Mother</source>
      <translation>母亲</translation>
    </message>
    <message>
      <source>Guardian</source>
      <translation>监护人</translation>
    </message>
    <message>
      <source>Last contact with parents</source>
      <translation>最近与父母联系</translation>
    </message>
    <message>
      <source>School</source>
      <translation>学校</translation>
    </message>
    <message>
      <source>Child director</source>
      <translation>儿童主任</translation>
    </message>
    <message>
      <source>Elders</source>
      <translation>老年人</translation>
    </message>
    <message>
      <source>Open elder file</source>
      <translation>打开老人档案</translation>
    </message>
    <message>
      <source>Categories</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Living arrangement</source>
      <translation>居住情况</translation>
    </message>
    <message>
      <source>Care needs</source>
      <translation>照护需求</translation>
    </message>
    <message>
      <source>Emergency contact</source>
      <translation>紧急联系人</translation>
    </message>
    <message>
      <source>Responsible</source>
      <translation>责任人</translation>
    </message>
    <message>
      <source>Care files</source>
      <translation>关爱档案</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Person</source>
      <translation>人员</translation>
    </message>
    <message>
      <source>Method</source>
      <translation>方式</translation>
    </message>
    <message>
      <source>Visitor</source>
      <translation>探访人</translation>
    </message>
    <message>
      <source>Visits</source>
      <translation>探访</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>期限</translation>
    </message>
    <message>
      <source>Task</source>
      <translation>事项</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Assigned to</source>
      <translation>负责人</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>处理结果</translation>
    </message>
    <message>
      <source>Tasks</source>
      <translation>待办</translation>
    </message>
    <message>
      <source>Notices</source>
      <translation>文书</translation>
    </message>
    <message>
      <source>Number</source>
      <translation>文号</translation>
    </message>
    <message>
      <source>Issued on</source>
      <translation>发文日期</translation>
    </message>
    <message>
      <source>Served on</source>
      <translation>送达日期</translation>
    </message>
    <message>
      <source>Relative-of-staff declarations</source>
      <translation>近亲属备案</translation>
    </message>
    <message>
      <source>Declared on</source>
      <translation>备案日期</translation>
    </message>
    <message>
      <source>Staff member</source>
      <translation>工作人员</translation>
    </message>
    <message>
      <source>Position</source>
      <translation>职务</translation>
    </message>
    <message>
      <source>Relation</source>
      <translation>关系</translation>
    </message>
    <message>
      <source>Documents</source>
      <translation>文书</translation>
    </message>
    <message>
      <source>When</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Who</source>
      <translation>操作人</translation>
    </message>
    <message>
      <source>What</source>
      <translation>内容</translation>
    </message>
    <message>
      <source>Before</source>
      <translation>原为</translation>
    </message>
    <message>
      <source>After</source>
      <translation>改为</translation>
    </message>
    <message>
      <source>History</source>
      <translation>变更记录</translation>
    </message>
    <message>
      <source>%1's household</source>
      <translation>%1户</translation>
    </message>
    <message>
      <source>Household (no head registered)</source>
      <translation>家庭（未登记户主）</translation>
    </message>
    <message>
      <source>%1 living</source>
      <translation>%1人在世</translation>
    </message>
    <message>
      <source>Notes: %1</source>
      <translation>备注：%1</translation>
    </message>
    <message>
      <source>Relative of staff declared</source>
      <translation>近亲属备案</translation>
    </message>
    <message>
      <source>%1 to verify</source>
      <translation>%1人待核实</translation>
    </message>
    <message>
      <source>%1 deceased</source>
      <translation>%1人已故</translation>
    </message>
    <message>
      <source>Benefit still active for a deceased member</source>
      <translation>已故成员仍在享受保障</translation>
    </message>
    <message>
      <source>Whole household</source>
      <translation>全户</translation>
    </message>
    <message>
      <source>No program: the household has not applied for any.</source>
      <translation>这户还没有申请任何保障项目。</translation>
    </message>
    <message>
      <source>%1 covered</source>
      <translation>保障%1人</translation>
    </message>
    <message>
      <source>carer %1</source>
      <translation>照料人 %1</translation>
    </message>
    <message>
      <source>class %1</source>
      <translation>%1类</translation>
    </message>
    <message>
      <source>per-capita income %1</source>
      <translation>人均收入 %1</translation>
    </message>
    <message>
      <source>No child file in this household.</source>
      <translation>这户没有儿童档案。</translation>
    </message>
    <message>
      <source>No elder file in this household.</source>
      <translation>这户没有老人档案。</translation>
    </message>
    <message>
      <source>%1 (amendment)</source>
      <translation>%1（更正）</translation>
    </message>
    <message>
      <source>No visit recorded yet.</source>
      <translation>还没有探访记录。</translation>
    </message>
    <message>
      <source>No task.</source>
      <translation>没有待办事项。</translation>
    </message>
    <message>
      <source>No notice issued yet.</source>
      <translation>还没有出具文书。</translation>
    </message>
    <message>
      <source>No declaration.</source>
      <translation>没有近亲属备案。</translation>
    </message>
    <message>
      <source>No change recorded since the data was imported.</source>
      <translation>导入数据以来没有变更记录。</translation>
    </message>
    <message>
      <source> (reason: %1)</source>
      <translation>（原因：%1）</translation>
    </message>
    <message>
      <source>Yes</source>
      <translation>是</translation>
    </message>
    <message>
      <source>No</source>
      <translation>否</translation>
    </message>
    <message>
      <source>Double-click a visit (or press Enter) to open it.</source>
      <translation>双击一条探访记录（或按回车）打开它。</translation>
    </message>
    <message>
      <source>New visit</source>
      <translation>新建探访</translation>
    </message>
    <message>
      <source>No file or program of this household calls for a visit.</source>
      <translation>这户没有需要探访的儿童、老人档案或保障项目。</translation>
    </message>
  </context>
  <context>
    <name>HouseholdForm</name>
    <message>
      <source>e.g. two-storey brick house, 120 m²</source>
      <translation>如：砖混两层，120平方米</translation>
    </message>
    <message>
      <source>Village</source>
      <translation>村（社区）</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>住址</translation>
    </message>
    <message>
      <source>Contact phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Dibao certificate no.</source>
      <translation>低保证编号</translation>
    </message>
    <message>
      <source>Housing</source>
      <translation>住房情况</translation>
    </message>
    <message>
      <source>Bank</source>
      <translation>开户银行</translation>
    </message>
    <message>
      <source>Bank account</source>
      <translation>银行账号</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>The number shown is masked: type the whole number again.</source>
      <translation>显示的号码已隐去部分数字，请重新输入完整号码。</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>Minzheng Field</source>
      <translation>民政外勤助手</translation>
    </message>
    <message>
      <source>Please unlock</source>
      <translation>请解锁</translation>
    </message>
    <message>
      <source>User: {name} ({role})</source>
      <translation>用户：{name}（{role}）</translation>
    </message>
    <message>
      <source>Restored: register with the county again</source>
      <translation>从备份恢复：需重新向县里登记</translation>
    </message>
    <message>
      <source>Not yet registered with the county</source>
      <translation>尚未向县里登记</translation>
    </message>
    <message>
      <source>Minzheng Field — {township}</source>
      <translation>民政外勤助手 — {township}</translation>
    </message>
    <message>
      <source>Unsynced changes: {n}</source>
      <translation>未同步的修改：{n}</translation>
    </message>
    <message>
      <source>Lock</source>
      <translation>锁定</translation>
    </message>
    <message>
      <source>Switch user</source>
      <translation>切换用户</translation>
    </message>
    <message>
      <source>Search</source>
      <translation>查找</translation>
    </message>
    <message>
      <source>New household</source>
      <translation>新建家庭</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
  </context>
  <context>
    <name>MemberEditor</name>
    <message>
      <source>New member</source>
      <translation>添加成员</translation>
    </message>
    <message>
      <source>Member</source>
      <translation>成员</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>正在读取…</translation>
    </message>
    <message>
      <source>Member: %1</source>
      <translation>成员：%1</translation>
    </message>
    <message>
      <source>This person is no longer in the household.</source>
      <translation>此人已不在这户。</translation>
    </message>
  </context>
  <context>
    <name>MemberTableModel</name>
    <message>
      <source>Relation</source>
      <translation>关系</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Sex</source>
      <translation>性别</translation>
    </message>
    <message>
      <source>Age</source>
      <translation>年龄</translation>
    </message>
    <message>
      <source>ID number</source>
      <translation>身份证号</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Labour capacity</source>
      <translation>劳动能力</translation>
    </message>
    <message>
      <source>Health</source>
      <translation>健康状况</translation>
    </message>
    <message>
      <source>Disability</source>
      <translation>残疾</translation>
    </message>
    <message>
      <source>Disabled</source>
      <translation>残疾</translation>
    </message>
    <message>
      <source>Yes</source>
      <translation>是</translation>
    </message>
    <message>
      <source>Deceased %1</source>
      <translation>已故 %1</translation>
    </message>
    <message>
      <source>To verify: %1</source>
      <translation>待核实：%1</translation>
    </message>
    <message>
      <source>To verify</source>
      <translation>待核实</translation>
    </message>
  </context>
  <context>
    <name>MoveMemberDialog</name>
    <message>
      <source>Move %1 to another household</source>
      <translation>把%1迁到其他户</translation>
    </message>
    <message>
      <source>Name, pinyin initials or last digits of the ID of someone in that household</source>
      <translation>输入那户任一成员的姓名、拼音首字母或身份证号后几位</translation>
    </message>
    <message>
      <source>Find household</source>
      <translation>查找户</translation>
    </message>
    <message>
      <source>Relation to new head</source>
      <translation>与新户主关系</translation>
    </message>
    <message>
      <source>New head here</source>
      <translation>本户新户主</translation>
    </message>
    <message>
      <source>Move</source>
      <translation>迁移</translation>
    </message>
    <message>
      <source>Choose the household to move to.</source>
      <translation>请选择要迁入的户。</translation>
    </message>
  </context>
  <context>
    <name>OffScheduleDialog</name>
    <message>
      <source>Taken off the visit schedule</source>
      <translation>已停止探访的人员</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Village</source>
      <translation>村（社区）</translation>
    </message>
    <message>
      <source>For</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Since</source>
      <translation>停止日期</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Why visit again (e.g. back home from the care home)</source>
      <translation>恢复探访的原因（如已从敬老院回家居住）</translation>
    </message>
    <message>
      <source>Put back on the schedule</source>
      <translation>恢复探访安排</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>Nobody is taken off a visit schedule.</source>
      <translation>目前没有停止探访安排的人员。</translation>
    </message>
    <message>
      <source>{count} persons are no longer visited.</source>
      <translation>共 {count} 人已停止探访安排。</translation>
    </message>
  </context>
  <context>
    <name>Operation</name>
    <message>
      <source>Notice</source>
      <translation>提示</translation>
    </message>
  </context>
  <context>
    <name>PersonChooser</name>
    <message>
      <source>Name or pinyin initials</source>
      <translation>姓名或拼音首字母</translation>
    </message>
    <message>
      <source>Searching…</source>
      <translation>正在查找…</translation>
    </message>
    <message>
      <source>(already has a file)</source>
      <translation>（已有档案）</translation>
    </message>
    <message>
      <source>Press Enter or double-click to choose.</source>
      <translation>按回车键或双击即可选定。</translation>
    </message>
    <message>
      <source>Nobody found. Add the person to their household first.</source>
      <translation>没有找到。请先在家庭档案中添加此人。</translation>
    </message>
  </context>
  <context>
    <name>PersonFilters</name>
    <message>
      <source>All programs</source>
      <translation>全部项目</translation>
    </message>
    <message>
      <source>Any status</source>
      <translation>全部状态</translation>
    </message>
    <message>
      <source>All villages</source>
      <translation>全部村</translation>
    </message>
    <message>
      <source>All ages</source>
      <translation>全部年龄</translation>
    </message>
    <message>
      <source>Any flag</source>
      <translation>全部标记</translation>
    </message>
    <message>
      <source>Clear filters</source>
      <translation>清除筛选</translation>
    </message>
    <message>
      <source>Program</source>
      <translation>项目</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Village</source>
      <translation>村</translation>
    </message>
    <message>
      <source>Age</source>
      <translation>年龄</translation>
    </message>
    <message>
      <source>Flag</source>
      <translation>标记</translation>
    </message>
  </context>
  <context>
    <name>PersonForm</name>
    <message>
      <source>18 digits; the last may be X</source>
      <translation>18位，最后一位可能是X</translation>
    </message>
    <message>
      <source>No ID number yet (kept as to be verified)</source>
      <translation>暂无身份证号（登记为待核实）</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>ID number</source>
      <translation>身份证号</translation>
    </message>
    <message>
      <source>Reason to verify</source>
      <translation>待核实原因</translation>
    </message>
    <message>
      <source>Sex</source>
      <translation>性别</translation>
    </message>
    <message>
      <source>Date of birth</source>
      <translation>出生日期</translation>
    </message>
    <message>
      <source>Relation to head</source>
      <translation>与户主关系</translation>
    </message>
    <message>
      <source>Ethnicity</source>
      <translation>民族</translation>
    </message>
    <message>
      <source>Marital status</source>
      <translation>婚姻状况</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Labour capacity</source>
      <translation>劳动能力</translation>
    </message>
    <message>
      <source>Employment</source>
      <translation>从业状况</translation>
    </message>
    <message>
      <source>Health</source>
      <translation>健康状况</translation>
    </message>
    <message>
      <source>Disability category</source>
      <translation>残疾类别</translation>
    </message>
    <message>
      <source>Disability grade</source>
      <translation>残疾等级</translation>
    </message>
    <message>
      <source>Registered residence</source>
      <translation>户籍地</translation>
    </message>
    <message>
      <source>Current address</source>
      <translation>现住址</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Open that household</source>
      <translation>打开那一户</translation>
    </message>
    <message>
      <source>The number shown is masked: type the whole number again.</source>
      <translation>显示的号码已隐去部分数字，请重新输入完整号码。</translation>
    </message>
    <message>
      <source>%1 years old</source>
      <translation>%1岁</translation>
    </message>
  </context>
  <context>
    <name>PersonTableModel</name>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Sex</source>
      <translation>性别</translation>
    </message>
    <message>
      <source>Age (born)</source>
      <translation>年龄/出生日期</translation>
    </message>
    <message>
      <source>Relation to head</source>
      <translation>与户主关系</translation>
    </message>
    <message>
      <source>Village</source>
      <translation>村</translation>
    </message>
    <message>
      <source>ID number</source>
      <translation>身份证号</translation>
    </message>
    <message>
      <source>Flags</source>
      <translation>标记</translation>
    </message>
    <message>
      <source>Programs</source>
      <translation>保障项目</translation>
    </message>
    <message>
      <source>Click to sort</source>
      <translation>点击排序</translation>
    </message>
    <message>
      <source>Masked. Right-click to show the whole number.</source>
      <translation>号码已部分隐去。右键可显示完整号码。</translation>
    </message>
    <message>
      <source>{age} ({born})</source>
      <translation>{age}岁（{born}）</translation>
    </message>
    <message>
      <source>Deceased</source>
      <translation>已故</translation>
    </message>
  </context>
  <context>
    <name>PhoneValue</name>
    <message>
      <source>Show</source>
      <translation>显示</translation>
    </message>
    <message>
      <source>Show the whole number (the view is logged)</source>
      <translation>显示完整号码（查看将被记录）</translation>
    </message>
  </context>
  <context>
    <name>PhotoEditor</name>
    <message>
      <source>Add photo… ({count} attached)</source>
      <translation>添加照片…（已添加 {count} 张）</translation>
    </message>
    <message>
      <source>{count} attached (shown below)</source>
      <translation>已添加 {count} 张（见下方）</translation>
    </message>
  </context>
  <context>
    <name>PhotoImportDialog</name>
    <message>
      <source>Import phone photos</source>
      <translation>导入手机照片</translation>
    </message>
    <message>
      <source>Only visits I recorded</source>
      <translation>只列出我的探访</translation>
    </message>
    <message>
      <source>Photo</source>
      <translation>照片</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>Taken</source>
      <translation>拍摄时间</translation>
    </message>
    <message>
      <source>Visit</source>
      <translation>对应探访</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>说明</translation>
    </message>
    <message>
      <source>%v of %m</source>
      <translation>%v / %m</translation>
    </message>
    <message>
      <source>Import selected photos</source>
      <translation>导入所选照片</translation>
    </message>
    <message>
      <source>Stop importing</source>
      <translation>停止导入</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>Folder: {path}</source>
      <translation>文件夹：{path}</translation>
    </message>
    <message>
      <source>The folder cannot be opened. Check that it still exists.</source>
      <translation>无法打开这个文件夹，请检查它是否还在。</translation>
    </message>
    <message>
      <source>Skipped</source>
      <translation>跳过</translation>
    </message>
    <message>
      <source>Reading…</source>
      <translation>正在读取…</translation>
    </message>
    <message>
      <source>Unknown</source>
      <translation>未知</translation>
    </message>
    <message>
      <source>Looking for the visit…</source>
      <translation>正在查找对应的探访…</translation>
    </message>
    <message>
      <source>Do not import</source>
      <translation>不导入</translation>
    </message>
    <message>
      <source>{name} ({month}/{day})</source>
      <translation>{name}（{month}月{day}日）</translation>
    </message>
    <message>
      <source>Importing…</source>
      <translation>正在导入…</translation>
    </message>
    <message>
      <source>Already attached to this visit; not stored again.</source>
      <translation>这张照片已在这次探访中，未重复保存。</translation>
    </message>
    <message>
      <source>Imported.</source>
      <translation>已导入。</translation>
    </message>
    <message>
      <source>Not imported yet.</source>
      <translation>尚未导入。</translation>
    </message>
    <message>
      <source>Import stopped: {imported} photos imported, {remaining} not imported.</source>
      <translation>已停止导入：已导入 {imported} 张，还有 {remaining} 张未导入。</translation>
    </message>
    <message>
      <source>{imported} photos imported.</source>
      <translation>已导入 {imported} 张照片。</translation>
    </message>
    <message>
      <source>{count} were already attached and were not stored again.</source>
      <translation>另有 {count} 张此前已导入，未重复保存。</translation>
    </message>
    <message>
      <source>{count} could not be imported (see the rows).</source>
      <translation>{count} 张未能导入，原因见该行说明。</translation>
    </message>
    <message>
      <source>Stopping after the current photo…</source>
      <translation>正在停止：这张照片存好后不再继续…</translation>
    </message>
    <message>
      <source>Importing photos… Stop keeps what is already imported.</source>
      <translation>正在导入照片……中途停止时，已导入的照片会保留。</translation>
    </message>
    <message>
      <source>There are no files in this folder.</source>
      <translation>这个文件夹里没有文件。</translation>
    </message>
    <message>
      <source>Reading photos: {done} of {total}…</source>
      <translation>正在读取照片：{done} / {total}…</translation>
    </message>
    <message>
      <source>{photos} photos; {matched} will be imported to the visit shown. Check each row, change the visit or choose “Do not import”.</source>
      <translation>共 {photos} 张照片，其中 {matched} 张将导入到所显示的探访。请逐行核对，可以改选探访，或选择“不导入”。</translation>
    </message>
    <message>
      <source>{count} files are not photos and are skipped.</source>
      <translation>另有 {count} 个文件不是照片，已跳过。</translation>
    </message>
    <message>
      <source>{first} {second}</source>
      <translation>{first}{second}</translation>
    </message>
    <message>
      <source>Chosen like the photos taken just before or after; check it.</source>
      <translation>已按前后同一时段拍的照片选择，请核对。</translation>
    </message>
    <message>
      <source>Looking for the visit of each photo…</source>
      <translation>正在为每张照片查找对应的探访…</translation>
    </message>
    <message>
      <source>Chosen by you.</source>
      <translation>已由您选定。</translation>
    </message>
    <message>
      <source>Not imported.</source>
      <translation>不导入。</translation>
    </message>
  </context>
  <context>
    <name>PhotoPreview</name>
    <message>
      <source>Photo</source>
      <translation>照片</translation>
    </message>
    <message>
      <source>Opening…</source>
      <translation>正在打开…</translation>
    </message>
    <message>
      <source>Taken {when}</source>
      <translation>拍摄于 {when}</translation>
    </message>
    <message>
      <source>Time taken unknown</source>
      <translation>拍摄时间不详</translation>
    </message>
    <message>
      <source>Delete this photo</source>
      <translation>删除这张照片</translation>
    </message>
    <message>
      <source>Takes the photo off this draft, for a photo attached by mistake.</source>
      <translation>把误加的照片从这份草稿中删除。</translation>
    </message>
    <message>
      <source>Delete photo</source>
      <translation>删除照片</translation>
    </message>
    <message>
      <source>Delete this photo from the draft? This cannot be undone.</source>
      <translation>要从这份草稿中删除这张照片吗？删除后不能恢复。</translation>
    </message>
  </context>
  <context>
    <name>PhotoStrip</name>
    <message>
      <source>Photos: {count}</source>
      <translation>照片：{count} 张</translation>
    </message>
    <message>
      <source>Photos: none</source>
      <translation>照片：还没有</translation>
    </message>
    <message>
      <source>Taken {when}</source>
      <translation>拍摄于 {when}</translation>
    </message>
    <message>
      <source>Time taken unknown</source>
      <translation>拍摄时间不详</translation>
    </message>
    <message>
      <source>Double-click to see it larger</source>
      <translation>双击查看大图</translation>
    </message>
    <message>
      <source>Right-click to delete it</source>
      <translation>右键点击可删除</translation>
    </message>
  </context>
  <context>
    <name>RemoveMemberDialog</name>
    <message>
      <source>Remove member</source>
      <translation>删除成员</translation>
    </message>
    <message>
      <source>Remove %1 from the household? The record is kept in the history. For a death, use “Mark deceased” instead.</source>
      <translation>确定把%1从这户删除吗？记录会保留在变更记录中。如果是去世，请改用“登记去世”。</translation>
    </message>
    <message>
      <source>e.g. entered twice, moved out of the township</source>
      <translation>如：重复录入、已迁出本乡镇</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>删除</translation>
    </message>
  </context>
  <context>
    <name>ResetPasswordDialog</name>
    <message>
      <source>New password for {user}</source>
      <translation>为 {user} 重设密码</translation>
    </message>
    <message>
      <source>New password</source>
      <translation>新密码</translation>
    </message>
    <message>
      <source>New password again</source>
      <translation>再输一次新密码</translation>
    </message>
    <message>
      <source>The two passwords differ.</source>
      <translation>两次输入的密码不一样。</translation>
    </message>
  </context>
  <context>
    <name>RestoreForm</name>
    <message>
      <source>Choose…</source>
      <translation>选择…</translation>
    </message>
    <message>
      <source>Restore</source>
      <translation>恢复</translation>
    </message>
    <message>
      <source>Backup file</source>
      <translation>备份文件</translation>
    </message>
    <message>
      <source>Login name in the backup</source>
      <translation>备份中的登录名</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>A restored database must be registered with the county again before it synchronises.</source>
      <translation>从备份恢复的数据库，同步之前需要重新向县民政局登记本机。</translation>
    </message>
    <message>
      <source>Choose a backup</source>
      <translation>选择备份文件</translation>
    </message>
    <message>
      <source>Backups (*.mzbak);;All files (*)</source>
      <translation>备份文件 (*.mzbak);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Please choose the backup file.</source>
      <translation>请选择备份文件。</translation>
    </message>
  </context>
  <context>
    <name>SearchBox</name>
    <message>
      <source>Name, pinyin initials (e.g. zds), ID or phone digits</source>
      <translation>输入姓名、拼音首字母（如 zds）、身份证号或电话后几位</translation>
    </message>
  </context>
  <context>
    <name>SettingsPage</name>
    <message>
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <source>Language of the app</source>
      <translation>界面语言</translation>
    </message>
    <message>
      <source>A new language takes effect when the app starts again.</source>
      <translation>更换的语言在下次启动软件时生效。</translation>
    </message>
    <message>
      <source>Locking and quick unlock</source>
      <translation>锁定与快速解锁</translation>
    </message>
    <message>
      <source> minutes</source>
      <translation> 分钟</translation>
    </message>
    <message>
      <source>Reading…</source>
      <translation>正在读取…</translation>
    </message>
    <message>
      <source>4 to 8 digits</source>
      <translation>4到8位数字</translation>
    </message>
    <message>
      <source>Set PIN</source>
      <translation>设置快速解锁码</translation>
    </message>
    <message>
      <source>Clear PIN</source>
      <translation>清除快速解锁码</translation>
    </message>
    <message>
      <source>Lock when idle for</source>
      <translation>空闲多久后自动锁定</translation>
    </message>
    <message>
      <source>Quick-unlock PIN</source>
      <translation>快速解锁码</translation>
    </message>
    <message>
      <source>When the computer locks itself after the idle time, your PIN opens it again; after a restart, after locking by hand, or after three wrong PINs, only your password does.</source>
      <translation>电脑空闲自动锁定后，可以用快速解锁码重新打开；重新启动软件、手动锁定或快速解锁码输错三次后，只能用登录密码解锁。</translation>
    </message>
    <message>
      <source>My password</source>
      <translation>我的密码</translation>
    </message>
    <message>
      <source>Change password</source>
      <translation>修改密码</translation>
    </message>
    <message>
      <source>Current password</source>
      <translation>当前密码</translation>
    </message>
    <message>
      <source>New password</source>
      <translation>新密码</translation>
    </message>
    <message>
      <source>New password again</source>
      <translation>再输一次新密码</translation>
    </message>
    <message>
      <source>Backup</source>
      <translation>备份</translation>
    </message>
    <message>
      <source> days</source>
      <translation> 天</translation>
    </message>
    <message>
      <source>Back up to…</source>
      <translation>备份到…</translation>
    </message>
    <message>
      <source>Remind me after</source>
      <translation>多久未备份时提醒</translation>
    </message>
    <message>
      <source>Last backup</source>
      <translation>上次备份</translation>
    </message>
    <message>
      <source>Accounts</source>
      <translation>账号管理</translation>
    </message>
    <message>
      <source>Login name</source>
      <translation>登录名</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>角色</translation>
    </message>
    <message>
      <source>Villages</source>
      <translation>负责的村</translation>
    </message>
    <message>
      <source>Add an account…</source>
      <translation>添加账号…</translation>
    </message>
    <message>
      <source>Villages…</source>
      <translation>负责的村…</translation>
    </message>
    <message>
      <source>Reset password…</source>
      <translation>重设密码…</translation>
    </message>
    <message>
      <source>Remove account</source>
      <translation>删除账号</translation>
    </message>
    <message>
      <source>Never backed up</source>
      <translation>还没有备份过</translation>
    </message>
    <message>
      <source>Set</source>
      <translation>已设置</translation>
    </message>
    <message>
      <source>Not set</source>
      <translation>未设置</translation>
    </message>
    <message>
      <source>Your PIN is set.</source>
      <translation>快速解锁码已设置。</translation>
    </message>
    <message>
      <source>Your PIN is cleared.</source>
      <translation>快速解锁码已清除。</translation>
    </message>
    <message>
      <source>Please enter your current password.</source>
      <translation>请输入当前密码。</translation>
    </message>
    <message>
      <source>The two new passwords differ.</source>
      <translation>两次输入的新密码不一样。</translation>
    </message>
    <message>
      <source>Please wait…</source>
      <translation>请稍候…</translation>
    </message>
    <message>
      <source>Your password is changed. Use the new one from now on.</source>
      <translation>密码已修改，今后请用新密码。</translation>
    </message>
    <message>
      <source>Remove the account {user}? The colleague can no longer open the database on this computer. The records they made are kept.</source>
      <translation>要删除账号 {user} 吗？删除后这位同事不能再在本机打开数据库，他（她）录入的记录会保留。</translation>
    </message>
    <message>
      <source>The account {user} is removed.</source>
      <translation>账号 {user} 已删除。</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>已保存。</translation>
    </message>
  </context>
  <context>
    <name>SubmitDialog</name>
    <message>
      <source>Please wait…</source>
      <translation>请稍候…</translation>
    </message>
  </context>
  <context>
    <name>SyncPage</name>
    <message>
      <source>Sync</source>
      <translation>同步</translation>
    </message>
    <message>
      <source>Counting unsynced changes…</source>
      <translation>正在统计未同步的修改…</translation>
    </message>
    <message>
      <source>Synchronisation with the county civil-affairs bureau comes with the sync feature. Until then every change stays safely on this computer and is kept for sending later; back up regularly (Workbench → Backup).</source>
      <translation>与县民政局的同步将随同步功能一起提供。在此之前，所有修改都安全地保存在本机，留待以后上传；请定期备份（工作台 → 备份）。</translation>
    </message>
    <message>
      <source>The unsynced changes could not be counted.</source>
      <translation>未同步的修改统计失败。</translation>
    </message>
    <message>
      <source>Unsynced changes on this computer: {n}</source>
      <translation>本机未同步的修改：{n}条</translation>
    </message>
    <message>
      <source>No unsynced changes on this computer.</source>
      <translation>本机没有未同步的修改。</translation>
    </message>
    <message>
      <source>This database was restored from a backup: this computer must register with the county civil-affairs bureau again before it can synchronise.</source>
      <translation>这个数据库是从备份恢复的：本机需要重新向县民政局登记，才能同步。</translation>
    </message>
    <message>
      <source>This computer is not yet registered with the county civil-affairs bureau.</source>
      <translation>本机尚未向县民政局登记。</translation>
    </message>
  </context>
  <context>
    <name>TaskDialog</name>
    <message>
      <source>Task: {kind}</source>
      <translation>任务：{kind}</translation>
    </message>
    <message>
      <source>Record and close the task</source>
      <translation>登记并办结</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Person</source>
      <translation>对象</translation>
    </message>
    <message>
      <source>Village</source>
      <translation>村（社区）</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>到期</translation>
    </message>
    <message>
      <source>Assigned to</source>
      <translation>负责人</translation>
    </message>
    <message>
      <source>Raised by</source>
      <translation>来源</translation>
    </message>
    <message>
      <source>Who made the report</source>
      <translation>是谁报告的</translation>
    </message>
    <message>
      <source>e.g. county women's federation</source>
      <translation>例如：县妇联</translation>
    </message>
    <message>
      <source>e.g. the officer on duty</source>
      <translation>例如：值班民警</translation>
    </message>
    <message>
      <source>Now</source>
      <translation>现在</translation>
    </message>
    <message>
      <source>Fill in the current time, then correct it if needed</source>
      <translation>填入当前时间，如有出入请再修改</translation>
    </message>
    <message>
      <source>What was agreed, who will act next</source>
      <translation>约定了什么、下一步由谁跟进</translation>
    </message>
    <message>
      <source>Reported by</source>
      <translation>报告人</translation>
    </message>
    <message>
      <source>How</source>
      <translation>报告方式</translation>
    </message>
    <message>
      <source>Reported to</source>
      <translation>报告对象</translation>
    </message>
    <message>
      <source>Other body</source>
      <translation>其他单位</translation>
    </message>
    <message>
      <source>Received by</source>
      <translation>接报人</translation>
    </message>
    <message>
      <source>Time of report</source>
      <translation>报告时间</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>e.g. township elderly care service centre</source>
      <translation>例如：乡镇养老服务中心</translation>
    </message>
    <message>
      <source>Referred to</source>
      <translation>转介机构</translation>
    </message>
    <message>
      <source>What was done and how it ended</source>
      <translation>做了什么、结果怎样</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>办理结果</translation>
    </message>
    <message>
      <source>Please write down: {items}</source>
      <translation>请记下：{items}</translation>
    </message>
    <message>
      <source>Visit of {date}</source>
      <translation>{date}的探访</translation>
    </message>
    <message>
      <source>This task is already closed: {result}</source>
      <translation>这项任务已经办结：{result}</translation>
    </message>
  </context>
  <context>
    <name>TaskTableModel</name>
    <message>
      <source>No due date</source>
      <translation>无期限</translation>
    </message>
    <message>
      <source>{n} days overdue</source>
      <translation>逾期{n}天</translation>
    </message>
    <message>
      <source>Due today</source>
      <translation>今天到期</translation>
    </message>
    <message>
      <source>Due tomorrow</source>
      <translation>明天到期</translation>
    </message>
    <message>
      <source>Due in {n} days</source>
      <translation>{n}天后到期</translation>
    </message>
    <message>
      <source>Due date</source>
      <translation>到期日</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Task</source>
      <translation>任务</translation>
    </message>
    <message>
      <source>Person</source>
      <translation>对象</translation>
    </message>
    <message>
      <source>Village</source>
      <translation>村（社区）</translation>
    </message>
    <message>
      <source>Assigned to</source>
      <translation>负责人</translation>
    </message>
  </context>
  <context>
    <name>UnlockWidget</name>
    <message>
      <source>User</source>
      <translation>用户</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>Quick-unlock PIN</source>
      <translation>快速解锁码</translation>
    </message>
    <message>
      <source>Unlock</source>
      <translation>解锁</translation>
    </message>
    <message>
      <source>Use the password instead</source>
      <translation>改用登录密码</translation>
    </message>
    <message>
      <source>Minzheng Field</source>
      <translation>民政外勤助手</translation>
    </message>
    <message>
      <source>Demo township (fictional data). User: {user}, password: {password}</source>
      <translation>演示乡镇（数据均为虚构）。登录名：{user}，密码：{password}</translation>
    </message>
    <message>
      <source>Opening…</source>
      <translation>正在打开……</translation>
    </message>
    <message>
      <source>Too many wrong passwords for this user. Try again in {time}.</source>
      <translation>这个账号密码输错次数太多，请{time}后再试。</translation>
    </message>
    <message>
      <source>{m} min {s} s</source>
      <translation>{m}分{s}秒</translation>
    </message>
    <message>
      <source>{s} s</source>
      <translation>{s}秒</translation>
    </message>
  </context>
  <context>
    <name>VillageFilter</name>
    <message>
      <source>All villages</source>
      <translation>全部村（社区）</translation>
    </message>
  </context>
  <context>
    <name>VillagesDialog</name>
    <message>
      <source>Villages of {user}</source>
      <translation>{user} 负责的村</translation>
    </message>
    <message>
      <source>The cadre sees the households of these villages:</source>
      <translation>这位村干部可以看到以下村（社区）的家庭：</translation>
    </message>
    <message>
      <source>Please choose at least one village.</source>
      <translation>请至少选择一个村。</translation>
    </message>
  </context>
  <context>
    <name>VisitDialog</name>
    <message>
      <source>Visit</source>
      <translation>探访</translation>
    </message>
    <message>
      <source>Visit date</source>
      <translation>探访日期</translation>
    </message>
    <message>
      <source>Visitor</source>
      <translation>探访人</translation>
    </message>
    <message>
      <source>Finish (Ctrl+S)</source>
      <translation>完成（Ctrl+S）</translation>
    </message>
    <message>
      <source>Next person</source>
      <translation>下一位</translation>
    </message>
    <message>
      <source>Close (Esc, the draft is kept)</source>
      <translation>关闭（Esc，保留草稿）</translation>
    </message>
    <message>
      <source>Opening…</source>
      <translation>正在打开…</translation>
    </message>
    <message>
      <source>Visit: {person}</source>
      <translation>探访：{person}</translation>
    </message>
    <message>
      <source>Draft: saved automatically as you type.</source>
      <translation>草稿：填写时自动保存。</translation>
    </message>
    <message>
      <source>Draft saved.</source>
      <translation>草稿已保存。</translation>
    </message>
    <message>
      <source>The draft could not be saved.</source>
      <translation>草稿没能保存。</translation>
    </message>
    <message>
      <source>{count} answers still need attention (shown in red).</source>
      <translation>还有 {count} 处需要填写或修改（红字提示）。</translation>
    </message>
    <message>
      <source>Visit finalised.</source>
      <translation>探访记录已完成。</translation>
    </message>
    <message>
      <source>Task: {title}, due {due}</source>
      <translation>待办：{title}，截止 {due}</translation>
    </message>
    <message>
      <source>Mandatory report: phone the police (110) and the civil affairs office NOW. This tool does not report by itself.</source>
      <translation>强制报告：请您本人立即电话报告公安机关（110）和民政部门。本工具不会代您报告。</translation>
    </message>
    <message>
      <source>For example: the income was typed wrongly from the paper sheet</source>
      <translation>例如：从纸质表抄录时收入填错</translation>
    </message>
    <message>
      <source>Reason for the correction *</source>
      <translation>更正原因 *</translation>
    </message>
    <message>
      <source>Correct…</source>
      <translation>更正…</translation>
    </message>
    <message>
      <source>Make a correction: the original record is kept and the reason recorded.</source>
      <translation>填写更正：原记录会保留，并记下更正原因。</translation>
    </message>
    <message>
      <source>Cancel correction (Esc)</source>
      <translation>取消更正（Esc）</translation>
    </message>
    <message>
      <source>Save correction (Ctrl+S)</source>
      <translation>保存更正（Ctrl+S）</translation>
    </message>
    <message>
      <source>Correction: change what was wrong, give the reason, then save. The original record is kept.</source>
      <translation>更正：改正填错的内容，写明原因后保存。原记录会保留。</translation>
    </message>
    <message>
      <source>Please write down why the record is corrected.</source>
      <translation>请写明更正的原因。</translation>
    </message>
    <message>
      <source>Correction saved.</source>
      <translation>更正已保存。</translation>
    </message>
    <message>
      <source>{when}  {who}: {reason} (visit date {day})</source>
      <translation>{when}  {who}：{reason}（探访日期 {day}）</translation>
    </message>
    <message>
      <source>Corrections ({count}); the answers shown are the latest</source>
      <translation>更正记录（{count} 次），下面显示的是最新更正后的内容</translation>
    </message>
    <message>
      <source>Final: read-only. To correct it, press 'Correct…'.</source>
      <translation>已定稿，只能查看；如需更正，请点“更正…”。</translation>
    </message>
    <message>
      <source>Close (Esc)</source>
      <translation>关闭（Esc）</translation>
    </message>
    <message>
      <source>Usual answers for the rest (F2)</source>
      <translation>其余按通常情况填（F2）</translation>
    </message>
    <message>
      <source>Answer every question still open with what most sheets say; answers already given stay. What is filled in is tinted yellow until you change it.</source>
      <translation>把还没填的题按大多数纸质表的通常情况填上；已填的答案不会改动。填入的答案以浅黄色标出，改动后标记消失。</translation>
    </message>
    <message>
      <source>{count} usual answers filled in (tinted yellow): check them against the sheet.</source>
      <translation>已按通常情况填入 {count} 项（浅黄色标出），请对照纸质表核对。</translation>
    </message>
    <message>
      <source>No open question has a usual answer.</source>
      <translation>没有可按通常情况填写的空白题。</translation>
    </message>
    <message>
      <source>Double-click a task (or press Enter) to record it.</source>
      <translation>双击一项任务（或按回车）登记办理情况。</translation>
    </message>
    <message>
      <source>Record the report…</source>
      <translation>登记报告情况…</translation>
    </message>
    <message>
      <source>{count} answers corrected (marked in blue); give the reason, then save.</source>
      <translation>已更正 {count} 处（浅蓝色标出）；请写明更正原因后保存。</translation>
    </message>
    <message>
      <source>Photos are still being added; save once they are shown.</source>
      <translation>照片还在添加中，请等照片显示出来后再保存。</translation>
    </message>
  </context>
  <context>
    <name>VisitPhotos</name>
    <message>
      <source>Cancel correction</source>
      <translation>取消更正</translation>
    </message>
    <message>
      <source>Cancel the correction? The {count} photos added to it will not be saved.</source>
      <translation>要取消这次更正吗？更正中添加的 {count} 张照片不会保存。</translation>
    </message>
    <message>
      <source>Add photos</source>
      <translation>添加照片</translation>
    </message>
    <message>
      <source>Photos (*.jpg *.jpeg *.png *.JPG *.JPEG *.PNG);;All files (*)</source>
      <translation>照片 (*.jpg *.jpeg *.png *.JPG *.JPEG *.PNG);;所有文件 (*)</translation>
    </message>
    <message>
      <source>{name}: HEIC photos (the iPhone's own format) cannot be read. Choose JPG or PNG photos, or set the phone's camera to 'Most Compatible'.</source>
      <translation>{name}：暂不支持 HEIC 格式的照片（苹果手机默认格式）。请选择 JPG 或 PNG 照片，或在手机“设置—相机—格式”中选“兼容性最佳”后重新拍摄。</translation>
    </message>
    <message>
      <source>Adding {count} photos…</source>
      <translation>正在添加 {count} 张照片…</translation>
    </message>
    <message>
      <source>{name} is already attached to this visit.</source>
      <translation>{name} 已经添加到这次探访中了。</translation>
    </message>
    <message>
      <source>New: saved with the correction</source>
      <translation>新添加：保存更正时一起保存</translation>
    </message>
    <message>
      <source>New</source>
      <translation>新</translation>
    </message>
    <message>
      <source>{count} new photos are kept with the correction (marked 'New'); they are saved when the correction is saved.</source>
      <translation>已添加 {count} 张新照片（标有“新”），保存更正时一起保存。</translation>
    </message>
    <message>
      <source>{name}: the file could not be read.</source>
      <translation>{name}：无法读取这个文件。</translation>
    </message>
    <message>
      <source>Photos done.</source>
      <translation>照片已处理完。</translation>
    </message>
    <message>
      <source>Add photos…</source>
      <translation>添加照片…</translation>
    </message>
    <message>
      <source>Photos added now are part of the correction: saved with it, dropped if it is cancelled.</source>
      <translation>现在添加的照片属于这次更正：保存更正时一起保存，取消更正则不保存。</translation>
    </message>
    <message>
      <source>Add more photos…</source>
      <translation>补充照片…</translation>
    </message>
    <message>
      <source>Photos added to a final visit are saved and recorded at once; the answers do not change.</source>
      <translation>补充到已定稿探访的照片会立即保存并记录，探访内容不变。</translation>
    </message>
    <message>
      <source>A photo was taken on {taken}, {days} days from the visit date {day}: please check that it belongs to this visit.</source>
      <translation>有一张照片拍摄于 {taken}，与探访日期 {day} 相差 {days} 天，请确认是这次探访的照片。</translation>
    </message>
    <message>
      <source>{count} photos were taken on {taken}, {days} days from the visit date {day}: please check that they belong to this visit.</source>
      <translation>有 {count} 张照片拍摄于 {taken}，与探访日期 {day} 相差 {days} 天，请确认是这次探访的照片。</translation>
    </message>
    <message>
      <source>Photo deleted.</source>
      <translation>照片已删除。</translation>
    </message>
  </context>
  <context>
    <name>VisitsPage</name>
    <message>
      <source>All months</source>
      <translation>全部月份</translation>
    </message>
    <message>
      <source>Village</source>
      <translation>村（社区）</translation>
    </message>
    <message>
      <source>Month</source>
      <translation>月份</translation>
    </message>
    <message>
      <source>Visits</source>
      <translation>探访</translation>
    </message>
    <message>
      <source>{count} visits</source>
      <translation>共 {count} 次探访</translation>
    </message>
    <message>
      <source>Correction of an earlier record</source>
      <translation>更正此前的记录</translation>
    </message>
    <message>
      <source>Draft</source>
      <translation>草稿</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Person</source>
      <translation>探访对象</translation>
    </message>
    <message>
      <source>Method</source>
      <translation>探访方式</translation>
    </message>
    <message>
      <source>Visitor</source>
      <translation>探访人</translation>
    </message>
    <message>
      <source>For</source>
      <translation>对象类别</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Today's plan</source>
      <translation>今日计划</translation>
    </message>
    <message>
      <source>Monthly visit rate</source>
      <translation>月度探访率</translation>
    </message>
    <message>
      <source>History</source>
      <translation>探访记录</translation>
    </message>
    <message>
      <source>Import phone photos…</source>
      <translation>导入手机照片…</translation>
    </message>
    <message>
      <source>Folder of phone photos</source>
      <translation>选择手机照片所在的文件夹</translation>
    </message>
    <message>
      <source>Double-click a visit (or press Enter) to open it.</source>
      <translation>双击一条探访记录（或按回车）打开它。</translation>
    </message>
    <message>
      <source>Open household</source>
      <translation>打开家庭档案</translation>
    </message>
  </context>
  <context>
    <name>WorkbenchPage</name>
    <message>
      <source>Workbench</source>
      <translation>工作台</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Count again (F5)</source>
      <translation>重新统计（F5）</translation>
    </message>
    <message>
      <source>Counting…</source>
      <translation>正在统计…</translation>
    </message>
    <message>
      <source>Today is {date}. Counted at {time}.</source>
      <translation>今天是{date}，统计于{time}。</translation>
    </message>
    <message>
      <source>The workbench could not be counted: {reason}</source>
      <translation>工作台统计失败：{reason}</translation>
    </message>
    <message>
      <source>Deceased but still receiving benefits</source>
      <translation>去世仍在保</translation>
    </message>
    <message>
      <source>Reviews due this month</source>
      <translation>本月应复核</translation>
    </message>
    <message>
      <source>Visits due (incl. overdue)</source>
      <translation>应探访（含逾期）</translation>
    </message>
    <message>
      <source>Not yet contacted this month</source>
      <translation>本月尚未联系</translation>
    </message>
    <message>
      <source>Left-behind children who turned 16</source>
      <translation>留守儿童已满16周岁</translation>
    </message>
    <message>
      <source>Persons to verify</source>
      <translation>待核实人员</translation>
    </message>
    <message>
      <source>Unsynced changes</source>
      <translation>未同步的修改</translation>
    </message>
    <message>
      <source>Backup</source>
      <translation>备份</translation>
    </message>
    <message>
      <source>Verify, then stop what must stop.</source>
      <translation>请核实，该停发的及时停发。</translation>
    </message>
    <message>
      <source>{n} overdue</source>
      <translation>其中{n}人已逾期</translation>
    </message>
    <message>
      <source>Take them off the roster and hand over.</source>
      <translation>请移出名册并做好衔接。</translation>
    </message>
    <message>
      <source>No ID number yet.</source>
      <translation>尚无身份证号，请核实。</translation>
    </message>
    <message>
      <source>Kept safe on this computer until synchronisation with the county.</source>
      <translation>已安全保存在本机，待与县里同步。</translation>
    </message>
    <message>
      <source>Nothing waits to be sent.</source>
      <translation>没有待上传的修改。</translation>
    </message>
    <message>
      <source>Nothing to do.</source>
      <translation>暂无待办。</translation>
    </message>
    <message>
      <source>Never</source>
      <translation>从未备份</translation>
    </message>
    <message>
      <source>Never backed up: click to back up now.</source>
      <translation>还没有备份过，点击立即备份。</translation>
    </message>
    <message>
      <source>Today</source>
      <translation>今天</translation>
    </message>
    <message>
      <source>{n} days ago</source>
      <translation>{n}天前</translation>
    </message>
    <message>
      <source>Time for a backup: click to back up now.</source>
      <translation>该备份了，点击立即备份。</translation>
    </message>
    <message>
      <source>Backed up recently.</source>
      <translation>最近已备份。</translation>
    </message>
    <message>
      <source>Open tasks</source>
      <translation>待办任务</translation>
    </message>
    <message>
      <source>Double-click or press Enter to record a task.</source>
      <translation>双击或按回车键登记办理情况。</translation>
    </message>
    <message>
      <source>No open task.</source>
      <translation>没有待办任务。</translation>
    </message>
    <message>
      <source>{n} mandatory reports to record</source>
      <translation>{n}项强制报告待记录</translation>
    </message>
    <message>
      <source>{n} tasks overdue</source>
      <translation>{n}项已逾期</translation>
    </message>
    <message>
      <source>; </source>
      <translation>；</translation>
    </message>
    <message>
      <source>The {n} most urgent of {total} are listed.</source>
      <translation>共{total}项，这里列出最紧急的{n}项。</translation>
    </message>
    <message>
      <source>Calculating…</source>
      <translation>计算中…</translation>
    </message>
  </context>
  <context>
    <name>_DetailStrip</name>
    <message>
      <source>Show</source>
      <translation>显示</translation>
    </message>
    <message>
      <source>Show the whole ID number (the view is logged)</source>
      <translation>显示完整身份证号（查看会记入访问日志）</translation>
    </message>
    <message>
      <source>Open household</source>
      <translation>打开家庭档案</translation>
    </message>
    <message>
      <source>Select a person to see the actions.</source>
      <translation>选中一个人，可打开其家庭档案或显示完整身份证号。</translation>
    </message>
    <message>
      <source>age {n}</source>
      <translation>{n}岁</translation>
    </message>
    <message>
      <source>ID number: {number}</source>
      <translation>身份证号：{number}</translation>
    </message>
    <message>
      <source>No ID number</source>
      <translation>未登记身份证号</translation>
    </message>
  </context>
  <context>
    <name>_ThumbnailLabel</name>
    <message>
      <source>Open</source>
      <translation>查看大图</translation>
    </message>
    <message>
      <source>Delete…</source>
      <translation>删除…</translation>
    </message>
  </context>
</TS>