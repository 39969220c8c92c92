"""Two small catalogs for cross-language tests: an English toy shop and a Chinese home shop."""

TOYS = """id,name,brand,category,price,currency,stock,key_specs,description
T-1,Speed Cube 3x3 Stickerless,Twisty,Puzzles,$9.99,USD,30,Age: 6+,A fast-turning puzzle cube for speedcubing.
T-2,Rainbow Delta Kite,SkyFun,Outdoor Toys,$19.99,USD,12,Span: 120 cm,Easy-flying kite with a 50 m line.
T-3,Kids School Backpack Dino,PackPal,Bags,$29.99,USD,8,Volume: 18 L,Lightweight school bag with a dinosaur print.
T-4,Jumbo Crayons 24 Colors,ColorJoy,Art Supplies,$6.49,USD,50,Pieces: 24,Washable wax crayons for toddlers.
T-5,Party Balloons 50 Pack,Festiva,Party Supplies,$7.99,USD,40,Pieces: 50,Latex balloons for birthday parties.
T-6,Building Bricks Starter Set 500,BrickLab,Building Toys,$34.99,USD,15,Pieces: 500,Compatible bricks in a storage box.
T-7,Plush Teddy Bear 40 cm,Cuddles,Soft Toys,$24.99,USD,20,Height: 40 cm,A soft brown teddy bear.
T-8,Remote Control Racing Car,Zoomer,Vehicles,$39.99,USD,9,Speed: 20 km/h,Fast RC car with rechargeable battery.
"""

HOME = """id,name,brand,category,price,currency,stock,key_specs,description
H-1,美厨 不粘炒锅 32cm,美厨,厨房用品,¥159.00,CNY,20,材质: 铝合金,少油烟的不粘炒锅。
H-2,安睡 记忆棉枕头,安睡,床上用品,¥99.00,CNY,35,尺寸: 60x40cm,慢回弹记忆棉枕头。
H-3,清风 电热水壶 1.7L,清风,厨房电器,¥89.00,CNY,18,功率: 1800W,304不锈钢内胆，快速烧水。
H-4,晴雨 折叠雨伞,晴雨,日用百货,¥49.00,CNY,60,重量: 300g,晴雨两用的三折伞。
H-5,暖冬 蚕丝被 200x230,暖冬,床上用品,¥599.00,CNY,6,填充: 桑蚕丝,轻柔保暖的蚕丝被。
H-6,净家 拖把 旋转,净家,清洁用品,¥69.00,CNY,25,材质: 超细纤维,免手洗旋转拖把。
"""
