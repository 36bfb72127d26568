<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
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
    <name>ErrorReporter</name>
    <message>
      <source>Error</source>
      <translation>出错了</translation>
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
    <name>Operation</name>
    <message>
      <source>Notice</source>
      <translation>提示</translation>
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
</TS>