// Traditional → simplified for the characters of names and unit names (issue 9 item 13): an expert
// view must not show 王建國 or 伊犁哈薩克自治州人民醫院 when the file says 王建国. No conversion package
// is installed; this table holds the common surname and given-name characters and the words units
// are named with (医院, 卫生健康委员会, 学校, 设计研究院 …), 835 traditional characters in all. Each
// entry is a simplified character followed by its traditional forms. Every character here is one
// UTF-16 unit, so converting a text keeps every offset.
const TABLE = `
  张張 刘劉 陈陳 杨楊 黄黃 赵趙 吴吳 孙孫 马馬 罗羅 郑鄭 谢謝 韩韓 冯馮 萧蕭 邓鄧 许許 苏蘇 卢盧 蒋蔣 贾賈 叶葉 阎閻 钟鍾鐘 谭譚 邹鄒 陆陸 顾顧 龙龍 万萬 钱錢
  汤湯 乔喬 贺賀 赖賴 龚龔 聂聶 庞龐 饶饒 严嚴 颜顏 欧歐 阳陽 诸諸 纪紀 凤鳳 兰蘭 丽麗 艳艷 华華 军軍 伟偉 强強 刚剛 杰傑 涛濤 静靜 红紅 国國 飞飛 鹏鵬 辉輝
  云雲 宁寧 兴興 荣榮 贵貴 宝寶 义義 礼禮 诚誠 长長 庆慶 岭嶺 凯凱 颖穎 晓曉 东東 帅帥 梦夢 悦悅 鸿鴻 岚嵐 钰鈺 铭銘 锋鋒 铁鐵 银銀 钢鋼 进進 达達 远遠 连連
  运運 丰豐 爱愛 宾賓 灿燦 传傳 纯純 聪聰 丛叢 栋棟 窦竇 费費 风風 复復複 岗崗 巩鞏 宫宮 关關 广廣 归歸 汉漢 鹤鶴 护護 怀懷 欢歡 环環 焕煥 会會 晖暉 济濟 继繼
  骥驥 霁霽 坚堅 俭儉 鉴鑒 剑劍 荆荊 经經 娇嬌 节節 洁潔 锦錦 谨謹 劲勁 举舉 钧鈞 骏駿 恺愷 阚闞 况況 旷曠 邝鄺 昆崑 蓝藍 澜瀾 劳勞 乐樂 厉厲 历歷曆 励勵 莲蓮
  炼煉 辽遼 临臨 灵靈 龄齡 娄婁 楼樓 鲁魯 禄祿 芦蘆 吕呂 绿綠 栾欒 伦倫 骆駱 买買 迈邁 麦麥 满滿 闵閔 鸣鳴 缪繆 农農 钮鈕 齐齊 骐騏 绮綺 谦謙 桥橋 钦欽 琼瓊
  权權 阙闕 韧韌 锐銳 润潤 萨薩 绍紹 绅紳 圣聖 胜勝 师師 诗詩 实實 寿壽 书書 树樹 双雙 顺順 硕碩 丝絲 颂頌 肃肅 岁歲 谈談 韬韜 腾騰 图圖 韦韋 卫衛 玮瑋 炜煒
  维維 为為 闻聞 邬鄔 乌烏 务務 锡錫 习習 侠俠 贤賢 显顯 娴嫻 鲜鮮 献獻 宪憲 县縣 项項 潇瀟 协協 绪緒 续續 轩軒 学學 寻尋 勋勳 彦彥 扬揚 养養 尧堯 瑶瑤 遥遙
  药藥 业業 晔曄 烨燁 仪儀 艺藝 亿億 忆憶 谊誼 阴陰 应應 莹瑩 樱櫻 鹰鷹 滢瀅 营營 咏詠 优優 鱼魚 语語 誉譽 园園 圆圓 渊淵 缘緣 岳嶽 跃躍 阅閱 郧鄖 韵韻 芸蕓
  蕴蘊 赞贊 则則 泽澤 战戰 钊釗 贞貞 桢楨 祯禎 镇鎮 铮錚 征徵 峥崢 证證 众眾 周週 庄莊 壮壯 资資 纵縱 总總 医醫 员員 设設 计計 职職 称稱 厅廳 区區 乡鄉 团團
  场場 厂廠 电電 网網 质質 监監 检檢 测測 疗療 妇婦 儿兒 预預 筑築 机機 构構 换換 尔爾 库庫 车車 组組 织織 记記 报報 视視 馆館 档檔 术術 体體 发發髮 财財 税稅
  审審 统統 调調 贸貿 粮糧 储儲 备備 气氣 矿礦 产產 热熱 责責 验驗 队隊 处處 门門 办辦 联聯 级級 属屬 兽獸 渔漁 种種 讯訊 数數 据據 码碼 软軟 际際 与與 专專
  两兩 丧喪 个個 乱亂 争爭 于於 亏虧 亚亞 亩畝 亲親 仅僅 从從 仑崙 仓倉 们們 价價 伞傘 伤傷 伪偽 佥僉 侣侶 侨僑 侦偵 侧側 债債 倾傾 偿償 党黨 内內 冈岡 册冊
  写寫 冲衝 决決 冻凍 净淨 凉涼 减減 凑湊 击擊 凿鑿 创創 删刪 别別 刮颳 制製 刹剎 剂劑 剧劇 劝勸 动動 势勢 单單 卖賣 却卻 压壓 厌厭 厕廁 参參 变變 叙敘 台臺颱
  号號 叹嘆 后後 吓嚇 吗嗎 听聽 启啟 呜嗚 响響 哑啞 唤喚 啸嘯 围圍 坏壞 块塊 坛壇 坝壩 坟墳 坠墜 垒壘 垦墾 堕墮 墙牆 声聲 壳殼 够夠 头頭 夹夾 夺奪 奋奮 奖獎
  妈媽 娱娛 婴嬰 宠寵 宽寬 对對 导導 将將 尘塵 尝嘗 层層 岂豈 岛島 峡峽 币幣 帐帳 带帶 帮幫 庙廟 废廢 开開 异異 弃棄 弥彌 弯彎 当當 录錄 彻徹 径徑 忧憂 态態
  恋戀 恳懇 恶惡 悬懸 惊驚 惧懼 惨慘 愤憤 愿願 戏戲 户戶 扑撲 执執 扩擴 扫掃 扰擾 抚撫 抢搶 担擔 拟擬 拥擁 择擇 挂掛 挡擋 挤擠 挥揮 捞撈 损損 掷擲 揽攬 搀攙
  摄攝 摆擺 摇搖 撑撐 敌敵 斋齋 断斷 无無 旧舊 时時 昼晝 晋晉 晒曬 晕暈 暂暫 杀殺 杂雜 条條 来來 极極 枣棗 柜櫃 标標 栏欄 样樣 歼殲 殴毆 毕畢 毙斃 汇匯彙 沟溝
  没沒 沪滬 泪淚 洒灑 浅淺 浆漿 浇澆 浑渾 浓濃 涂塗 涨漲 渐漸 温溫 湾灣 湿濕 滤濾 滥濫 滨濱 灭滅 灯燈 灾災 炉爐 点點 烂爛 烛燭 烟煙 爷爺 牵牽 犹猶 狮獅 独獨
  狭狹 猎獵 玛瑪 现現 玺璽 琐瑣 画畫 畅暢 盏盞 盐鹽 盖蓋 盘盤 眯瞇 着著 砖磚 础礎 确確 祷禱 祸禍 离離 积積 稳穩 穷窮 窍竅 窑窯 竞競 笔筆 笋筍 笼籠 签簽 简簡
  类類 紧緊 纠糾 约約 纬緯 纱紗 纲綱 纳納 纷紛 纸紙 纹紋 纺紡 线線 练練 细細 终終 绑綁 结結 绕繞 绘繪 给給 络絡 绝絕 绩績 绵綿 综綜 缓緩 编編 罚罰 罢罷 肠腸
  肤膚 肿腫 胆膽 脑腦 脚腳 脸臉 腊臘 舰艦 苍蒼 范範 荐薦 荡蕩 获獲穫 莱萊 虑慮 虚虛 虫蟲 虽雖 蚀蝕 蜡蠟 补補 表錶 袭襲 装裝 见見 观觀 规規 览覽 觉覺 订訂 认認
  讨討 让讓 训訓 议議 讲講 论論 访訪 评評 识識 诉訴 诊診 词詞 译譯 试試 话話 询詢 该該 详詳 误誤 说說 请請 读讀 课課 谁誰 谋謀 谱譜 贝貝 负負 贡貢 败敗 货貨
  贩販 贪貪 贫貧 购購 贯貫 贷貸 赏賞 赔賠 赛賽 赶趕 践踐 轨軌 转轉 轮輪 轻輕 载載 较較 辅輔 输輸 辖轄 边邊 迁遷 过過 还還 这這 违違 迟遲 选選 递遞 逻邏 遗遺
  邮郵 邻鄰 酱醬 释釋 钉釘 针針 铃鈴 铜銅 铺鋪 链鏈 销銷 锁鎖 错錯 键鍵 镜鏡 闪閃 闭閉 问問 闯闖 闲閒 间間 闷悶 阀閥 阁閣 阵陣 阶階 险險 隐隱 随隨 难難 雏雛
  鸡雞 雾霧 页頁 顶頂 须須 顿頓 颁頒 领領 颇頗 频頻 题題 额額 饭飯 饮飲 饰飾 饱飽 驰馳 驱驅 驶駛 驻駐 驾駕 骄驕 骑騎 骗騙 骤驟 鸟鳥 龟龜 里裡裏 余餘 干幹乾 松鬆
  系係繫 面麵 只隻 准準 谷穀 斗鬥 尽盡儘 郁鬱 丑醜 布佈 才纔 冬鼕 向嚮 咸鹹 沈瀋 涌湧 症癥 致緻
`;

/** Traditional character → simplified. */
const TO_SIMPLIFIED: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const entry of TABLE.trim().split(/\s+/)) {
    const [simplified, ...traditional] = Array.from(entry) as [string, ...string[]];
    for (const t of traditional) m.set(t, simplified);
  }
  return m;
})();

/** `text` with every traditional character of the table replaced by its simplified form; same length and offsets. */
export function toSimplified(text: string): string {
  let out = '';
  for (const ch of text) out += TO_SIMPLIFIED.get(ch) ?? ch;
  return out;
}

export const TRADITIONAL_COUNT = TO_SIMPLIFIED.size;
